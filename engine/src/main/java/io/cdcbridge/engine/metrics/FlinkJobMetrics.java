package io.cdcbridge.engine.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcbridge.control.engine.JobMetrics;
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
 * counters), restarts ({@code numRestarts}) and its latest completed checkpoint. Flink's metric fetcher refreshes
 * these every few seconds, so they trail the job a little.
 */
public final class FlinkJobMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

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
            boolean sinks = false;
            for (JsonNode vertex : job.path("vertices")) {
                String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
                List<String> sent = new ArrayList<>();
                List<String> dead = new ArrayList<>();
                for (JsonNode m : get(path)) {
                    String id = m.path("id").asText();
                    if (id.endsWith(".numRecordsSend")) sent.add(id);
                    if (id.toLowerCase(Locale.ROOT).endsWith("deadletters")) dead.add(id);
                }
                if (!sent.isEmpty()) sinks = true;
                rows += sum(path, sent);
                deadLetters += sum(path, dead);
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
                    hasCheckpoint ? latest.path("checkpointed_size").asLong() : null));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
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
