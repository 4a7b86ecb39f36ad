package io.cdcbridge.control.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.control.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statements API in Confluent Cloud's shape, seen by a real HTTP client: a statement created from
 * {name, spec: {statement, properties}}, stopped and resumed by PATCHing spec.stopped, lists paged and without the
 * catalog definitions unless asked; the script endpoint keeps working beside it.
 */
@Tag("integration")
class StatementsApiTest {

    private static final String TABLES = """
            CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src');
            CREATE TABLE dst (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED)
              WITH ('connector' = 'upsert-kafka', 'topic' = 'dst');
            """;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private ControlPlane plane;

    @AfterEach
    void stop() {
        if (plane != null) plane.close();
    }

    @Test
    void createPatchAndListAsConfluentCloudDoes() throws Exception {
        plane = new ControlPlane(Workspace.open(dir.resolve("ws")), new FakeEngine().startJobsAs(JobState.State.RUNNING),
                Map.of(), Map.of()).start(RestSettings.loopback(0));
        assertThat(send("POST", "/v1/scripts", Json.MAPPER.writeValueAsString(new ScriptRequest("t.sql", TABLES, Map.of(), false)))
                .statusCode()).isEqualTo(200);

        HttpResponse<String> created = send("POST", "/v1/statements", """
                {"name": "copy-a", "organization_id": "ignored",
                 "spec": {"statement": "INSERT INTO dst SELECT id, name FROM src", "properties": {"sql.state-ttl": "1 h"}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode a = Json.MAPPER.readTree(created.body());
        assertThat(a.path("name").asText()).isEqualTo("copy-a");
        assertThat(a.path("spec").path("statement").asText()).isEqualTo("INSERT INTO dst SELECT id, name FROM src");
        assertThat(a.path("spec").path("properties").path("sql.state-ttl").asText()).isEqualTo("1 h");
        assertThat(a.path("status").path("phase").asText()).isEqualTo("RUNNING");
        assertThat(send("POST", "/v1/statements", """
                {"name": "copy-b", "spec": {"statement": "INSERT INTO dst SELECT id, upper(name) FROM src;"}}""").statusCode())
                .isEqualTo(201);

        HttpResponse<String> stopped = send("PATCH", "/v1/statements/copy-a", "{\"spec\": {\"stopped\": true}}");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(stopped.body()).path("status").path("phase").asText()).isEqualTo("STOPPED");
        assertThat(Json.MAPPER.readTree(stopped.body()).path("spec").path("stopped").asBoolean()).isTrue();
        HttpResponse<String> resumed = send("PATCH", "/v1/statements/copy-a", "{\"spec\": {\"stopped\": false}}");
        assertThat(Json.MAPPER.readTree(resumed.body()).path("spec").path("stopped").asBoolean()).isFalse();
        HttpResponse<String> nothing = send("PATCH", "/v1/statements/copy-a", "{\"spec\": {\"statement\": \"INSERT ...\"}}");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(nothing.body()).path("error").path("message").asText())
                .startsWith("PATCH of a statement changes 'spec.stopped'");

        // a page of one, the next page named in metadata.next; definitions only when asked
        JsonNode first = Json.MAPPER.readTree(send("GET", "/v1/statements?page_size=1", null).body());
        assertThat(first.path("statements")).hasSize(1);
        assertThat(first.path("statements").get(0).path("name").asText()).isEqualTo("copy-a");
        assertThat(first.path("statements").get(0).has("definitions")).isFalse();
        assertThat(first.path("metadata").path("total_size").asInt()).isEqualTo(2);
        String next = first.path("metadata").path("next").asText();
        assertThat(next).isEqualTo("/v1/statements?page_size=1&page_token=1");
        JsonNode second = Json.MAPPER.readTree(send("GET", next, null).body());
        assertThat(second.path("statements").get(0).path("name").asText()).isEqualTo("copy-b");
        assertThat(second.path("metadata").path("next").asText()).isEmpty();
        JsonNode full = Json.MAPPER.readTree(send("GET", "/v1/statements?definitions=true", null).body());
        assertThat(full.path("statements")).hasSize(2);
        assertThat(full.path("statements").get(0).path("definitions").toString()).contains("CREATE TABLE", "src");
        assertThat(Json.MAPPER.readTree(send("GET", "/v1/statements/copy-a", null).body()).has("definitions")).isTrue();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(plane.url() + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
