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
import java.util.List;
import java.util.Locale;
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
                rows += sum(path, sent);
                deadLetters += sum(path, dead);
                emitLag = max(emitLag, aggregate(path, emit, "max"));
                fetchLag = max(fetchLag, aggregate(path, fetch, "max"));
                writeDelay = max(writeDelay, aggregate(path, delay, "max"));
                if (!upserted.isEmpty()) upserts = (upserts == null ? 0 : upserts) + sum(path, upserted);
                if (!deleted.isEmpty()) deletes = (deletes == null ? 0 : deletes) + sum(path, deleted);
                if (!retried.isEmpty()) retries = (retries == null ? 0 : retries) + sum(path, retried);
                if (!snapshotRead.isEmpty()) snapshotRows = (snapshotRows == null ? 0 : snapshotRows) + sum(path, snapshotRead);
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

    // one aggregate over the vertex's subtasks of each metric (the largest across them), or null when none
    private Long aggregate(String path, List<String> ids, String agg) throws IOException, InterruptedException {
        if (ids.isEmpty()) return null;
        Long out = null;
        for (JsonNode m : get(path + "?agg=" + agg + "&get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
            if (m.has(agg)) out = max(out, (long) m.path(agg).asDouble(-1));
        }
        return out;
    }

    // the sum over the vertex's subtasks of each metric, added up
    private long sum(String path, List<String> ids) throws IOException, InterruptedException {
        if (ids.isEmpty()) return 0;
        long total = 0;
        for (JsonNode m : get(path + "?agg=sum&get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) total += (long) m.path("sum").asDouble(0);
        return total;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + path + ": HTTP " + r.statusCode());
        return JSON.readTree(r.body());
    }
}
