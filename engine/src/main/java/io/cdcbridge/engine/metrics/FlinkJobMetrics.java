package io.cdcbridge.engine.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcbridge.control.engine.JobMetrics;
import io.cdcbridge.control.engine.SnapshotProgress;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A job's counters read from the Flink REST API's metrics (the same figures Flink's web UI shows): rows its sink
 * writers sent ({@code numRecordsSend}), records sent to dead-letter topics (the cdcbridge connectors' dead-letter
 * counters), restarts ({@code numRestarts}), its latest completed checkpoint, the time from commit to emission of a
 * CDC source's latest change (Flink's {@code currentEmitEventTimeLag}, else postgres-cdc's
 * {@code currentFetchEventTimeLag}), how long rows wait in cdcbridge-jdbc until written, and snapshot progress
 * (snapshot rows read by the readers, splits and the estimate from cdcbridge-postgres's enumerator). Flink's metric fetcher refreshes
 * these every few seconds, so they trail the job a little.
 */
public final class FlinkJobMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    // gauges and counters of cdcbridge's connectors (cdcbridge-jdbc, cdcbridge-postgres; postgres-cdc counts snapshot
    // rows under the same name)
    private static final String WRITE_DELAY = "cdcbridgeWriteDelayMillis";
    private static final String SNAPSHOT_ROWS = "numSnapshotRecords";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param base the cluster's REST address, e.g. {@code http://127.0.0.1:8081} */
    public FlinkJobMetrics(String base) {
        this.base = base;
    }

    /** The job's counters, or empty when the cluster does not know the job or cannot be asked. */
    public Optional<JobMetrics> read(String jobId) {
        try {
            JsonNode job = get("/jobs/" + jobId);
            long rows = 0;
            long deadLetters = 0;
            Long upserts = null;
            Long deletes = null;
            Long retries = null;
            boolean sinks = false;
            Long emitLag = null;
            Long fetchLag = null;
            Long writeDelay = null;
            Long snapshotRows = null;
            Snapshot snapshot = new Snapshot();
            for (JsonNode vertex : job.path("vertices")) {
                String vertexPath = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
                String path = vertexPath + "/subtasks/metrics";
                List<String> sent = new ArrayList<>();
                List<String> dead = new ArrayList<>();
                List<String> emit = new ArrayList<>();
                List<String> fetch = new ArrayList<>();
                List<String> delay = new ArrayList<>();
                List<String> snapshotRead = new ArrayList<>();
                List<String> upserted = new ArrayList<>();
                List<String> deleted = new ArrayList<>();
                List<String> retried = new ArrayList<>();
                for (JsonNode m : get(path)) {
                    String id = m.path("id").asText();
                    if (id.endsWith(".numRecordsSend")) sent.add(id);
                    if (id.toLowerCase(Locale.ROOT).endsWith("deadletters")) dead.add(id);
                    if (id.endsWith(".currentEmitEventTimeLag")) emit.add(id);
                    if (id.endsWith(".currentFetchEventTimeLag")) fetch.add(id);
                    if (id.endsWith("." + WRITE_DELAY)) delay.add(id);
                    if (id.endsWith(".cdcbridgeUpserts")) upserted.add(id);
                    if (id.endsWith(".cdcbridgeDeletes")) deleted.add(id);
                    if (id.endsWith(".cdcbridgeRetries")) retried.add(id);
                    // the reader's own counter, not postgres-cdc's per-table copies of it
                    if (id.endsWith("." + SNAPSHOT_ROWS) && !id.contains(".table.")) {
                        snapshotRead.add(id);
                    }
                }
                if (!sent.isEmpty()) sinks = true;
                // one request for all of the vertex's figures: a statement set of 100 tables has 100 sink vertices
                Aggregates a = aggregates(path, List.of(sent, dead, emit, fetch, delay, upserted, deleted, retried, snapshotRead));
                rows += a.sum(sent);
                deadLetters += a.sum(dead);
                emitLag = max(emitLag, a.max(emit));
                fetchLag = max(fetchLag, a.max(fetch));
                writeDelay = max(writeDelay, a.max(delay));
                if (!upserted.isEmpty()) upserts = (upserts == null ? 0 : upserts) + a.sum(upserted);
                if (!deleted.isEmpty()) deletes = (deletes == null ? 0 : deletes) + a.sum(deleted);
                if (!retried.isEmpty()) retries = (retries == null ? 0 : retries) + a.sum(retried);
                if (!snapshotRead.isEmpty()) snapshotRows = (snapshotRows == null ? 0 : snapshotRows) + a.sum(snapshotRead);
                // the enumerator's gauges are a source's: a vertex whose subtasks read no source has none
                if (emit.isEmpty() && fetch.isEmpty() && snapshotRead.isEmpty()) continue;
                try {
                    List<String> gauges = new ArrayList<>();
                    for (JsonNode m : get(vertexPath + "/jm-operator-metrics")) {
                        String id = m.path("id").asText();
                        if (Snapshot.GAUGES.stream().anyMatch(g -> id.endsWith("." + g))) gauges.add(id);
                    }
                    if (!gauges.isEmpty()) snapshot.add(get(vertexPath + "/jm-operator-metrics?get="
                            + URLEncoder.encode(String.join(",", gauges), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    // a cluster without the JobManager's operator metrics (before Flink 1.19): no split counts
                }
            }
            Long restarts = null;
            for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
                restarts = (long) Double.parseDouble(m.path("value").asText("0"));
            }
            JsonNode checkpoints = get("/jobs/" + jobId + "/checkpoints");
            JsonNode latest = checkpoints.path("latest").path("completed");
            boolean hasCheckpoint = latest.isObject();
            return Optional.of(new JobMetrics(sinks ? rows : null, deadLetters, restarts,
                    checkpoints.path("counts").path("completed").asLong(0),
                    hasCheckpoint ? Instant.ofEpochMilli(latest.path("latest_ack_timestamp").asLong()) : null,
                    hasCheckpoint ? latest.path("end_to_end_duration").asLong() : null,
                    hasCheckpoint ? latest.path("checkpointed_size").asLong() : null,
                    emitLag != null ? emitLag : fetchLag, writeDelay, snapshot.progress(snapshotRows), upserts, deletes, retries));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The enumerators' snapshot gauges (cdcbridge-postgres's), added up over the job's sources. */
    private static final class Snapshot {
        static final List<String> GAUGES = List.of("snapshotSplitsTotal", "snapshotSplitsFinished", "snapshotRowsEstimated",
                "snapshotDone");
        private Long splits;
        private Long splitsFinished;
        private Long rowsEstimated;
        private Boolean done;

        void add(JsonNode gauges) {
            for (JsonNode m : gauges) {
                String id = m.path("id").asText();
                long v = (long) m.path("value").asDouble(-1);
                if (id.endsWith(".snapshotSplitsTotal")) splits = plus(splits, v);
                if (id.endsWith(".snapshotSplitsFinished")) splitsFinished = plus(splitsFinished, v);
                if (id.endsWith(".snapshotRowsEstimated") && v >= 0) rowsEstimated = plus(rowsEstimated, v);
                if (id.endsWith(".snapshotDone")) done = (done == null || done) && v == 1;
            }
        }

        SnapshotProgress progress(Long rowsRead) {
            if (rowsRead == null && splits == null) return null;
            return new SnapshotProgress(rowsRead, rowsEstimated, splitsFinished, splits, done);
        }

        private static Long plus(Long a, long b) {
            return a == null ? b : a + b;
        }
    }

    // the largest of two figures, either of which may be unknown (null, or Flink's -1 for undefined)
    private static Long max(Long a, Long b) {
        if (b == null || b < 0) return a;
        return a == null ? b : Math.max(a, b);
    }

    /** The sum and the largest value over a vertex's subtasks of each metric asked for, by metric id. */
    private record Aggregates(Map<String, JsonNode> byId) {

        // the sum of each metric, added up
        long sum(List<String> ids) {
            long total = 0;
            for (String id : ids) total += (long) byId.getOrDefault(id, JSON.nullNode()).path("sum").asDouble(0);
            return total;
        }

        // the largest of each metric's largest values, or null when none
        Long max(List<String> ids) {
            Long out = null;
            for (String id : ids) {
                JsonNode m = byId.get(id);
                if (m != null && m.has("max")) out = FlinkJobMetrics.max(out, (long) m.path("max").asDouble(-1));
            }
            return out;
        }
    }

    // the aggregates of the metrics over the vertex's subtasks, in one request
    private Aggregates aggregates(String path, List<List<String>> ids) throws IOException, InterruptedException {
        List<String> all = ids.stream().flatMap(List::stream).distinct().toList();
        Map<String, JsonNode> byId = new HashMap<>();
        if (all.isEmpty()) return new Aggregates(byId);
        for (JsonNode m : get(path + "?agg=sum,max&get=" + URLEncoder.encode(String.join(",", all), StandardCharsets.UTF_8))) {
            byId.put(m.path("id").asText(), m);
        }
        return new Aggregates(byId);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + path + ": HTTP " + r.statusCode());
        return JSON.readTree(r.body());
    }
}
