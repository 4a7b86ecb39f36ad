package io.cdcbridge.control.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.contract.ContractEffect;
import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.server.ControlPlane;
import io.cdcbridge.control.server.RestSettings;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.server.Tokens;
import io.cdcbridge.control.workspace.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contracts served as Confluent Schema Registry, seen by an HTTP client as Confluent's clients call it: subjects,
 * versions, lookup, ids, compatibility and levels with Confluent's answers and error codes; one checker with
 * {@code contracts check}; ids and registered subjects kept across a restart.
 */
@Tag("integration")
class SchemaRegistryApiTest {

    private static final String TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ORDERS = """
            CREATE TABLE orders (id INT NOT NULL, amount INT, PRIMARY KEY (id) NOT ENFORCED)
              WITH ('connector' = 'upsert-kafka', 'topic' = 'orders_topic');
            """;
    private static final String V1 = "{\"type\":\"record\",\"name\":\"orders\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"},"
            + "{\"name\":\"amount\",\"type\":[\"null\",\"int\"],\"default\":null}]}";
    private static final String KEY = "{\"type\":\"record\",\"name\":\"orders_key\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}";
    private static final String WITH_NOT_NULL_NOTE = V1.replace("]}", ",{\"name\":\"note\",\"type\":\"string\"}]}");
    private static final String WITH_NULLABLE_NOTE = V1.replace("]}", ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    private static final String SECRET = "ci-secret-0123456789abcdef";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private ControlPlane plane;
    private String auth;

    @AfterEach
    void stop() {
        if (plane != null) plane.close();
    }

    @Test
    void aContractsTopicIsTwoSubjectsWhoseVersionsAreTheContracts() throws Exception {
        start(RestSettings.loopback(0));
        plane.run(new ScriptRequest("orders.sql", ORDERS, Map.of(), false), "local");
        // a debezium-kafka topic holds change events, whose subjects the sink registers: the table owns none
        plane.run(new ScriptRequest("events.sql", """
                CREATE TABLE orders_events (id INT NOT NULL, amount INT, PRIMARY KEY (id) NOT ENFORCED)
                  WITH ('connector' = 'debezium-kafka', 'topic' = 'orders_events_topic', 'contract.compatibility' = 'BACKWARD');
                """, Map.of(), false), "local");

        HttpResponse<String> subjects = call("GET", "/subjects", null);
        assertThat(subjects.headers().firstValue("Content-Type")).hasValue(TYPE);
        assertThat(json(subjects)).isEqualTo(Json.MAPPER.readTree("[\"orders_topic-key\",\"orders_topic-value\"]"));
        JsonNode latest = json(call("GET", "/subjects/orders_topic-value/versions/latest", null));
        assertThat(latest.path("subject").asText()).isEqualTo("orders_topic-value");
        assertThat(latest.path("version").asInt()).isEqualTo(1);
        assertThat(latest.path("schema").asText()).isEqualTo(V1);
        int id = latest.path("id").asInt();
        assertThat(json(call("GET", "/subjects/orders_topic-key/versions/1", null)).path("schema").asText()).isEqualTo(KEY);
        assertThat(json(call("GET", "/schemas/ids/" + id, null)).path("schema").asText()).isEqualTo(V1);
        assertThat(call("GET", "/subjects/orders_topic-value/versions/1/schema", null).body()).isEqualTo(V1);
        assertThat(json(call("GET", "/subjects/orders_topic-value/versions", null)).toString()).isEqualTo("[1]");
        assertThat(json(call("GET", "/schemas/ids/" + id + "/versions", null)).toString())
                .isEqualTo("[{\"subject\":\"orders_topic-value\",\"version\":1}]");
        assertThat(json(call("GET", "/config/orders_topic-value", null)).toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        // a producer registering the contract's schema (as a serializer that registers does) gets its id; lookup too
        assertThat(json(call("POST", "/subjects/orders_topic-value/versions", schema(V1))).path("id").asInt()).isEqualTo(id);
        assertThat(json(call("POST", "/subjects/orders_topic-value", schema(V1))).path("version").asInt()).isEqualTo(1);
        assertError(call("POST", "/subjects/orders_topic-value", schema(WITH_NULLABLE_NOTE)), 404, 40403, "Schema not found");

        // one checker: what contracts check refuses, the registry refuses, with the same reason
        String refusedByScript = effect("ALTER TABLE orders ADD note STRING NOT NULL;").problem();
        assertThat(refusedByScript).startsWith("orders: column 'note' STRING NOT NULL added breaks BACKWARD compatibility with version 1: ");
        String reason = refusedByScript.substring(refusedByScript.indexOf("version 1: ") + "version 1: ".length());
        JsonNode check = json(call("POST", "/compatibility/subjects/orders_topic-value/versions/latest?verbose=true", schema(WITH_NOT_NULL_NOTE)));
        assertThat(check.path("is_compatible").asBoolean()).isFalse();
        assertThat(check.path("messages").get(0).asText()).endsWith(reason);
        HttpResponse<String> refused = call("POST", "/subjects/orders_topic-value/versions", schema(WITH_NOT_NULL_NOTE));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("error_code").asInt()).isEqualTo(409);
        assertThat(json(refused).path("message").asText()).startsWith("Schema being registered is incompatible with an earlier "
                + "schema for subject \"orders_topic-value\", details: ").endsWith(reason);

        // and the other way round: what the script may do, the registry finds compatible; its versions stay the table's
        assertThat(effect("ALTER TABLE orders ADD note STRING;").outcome()).isEqualTo(ContractEffect.Outcome.NEW_VERSION);
        assertThat(json(call("POST", "/compatibility/subjects/orders_topic-value/versions/latest", schema(WITH_NULLABLE_NOTE))).toString())
                .isEqualTo("{\"is_compatible\":true}");
        assertError(call("POST", "/subjects/orders_topic-value/versions", schema(WITH_NULLABLE_NOTE)), 422, 42205,
                "Subject 'orders_topic-value' is the contract of table 'orders': its versions are the table's. The schema "
                        + "is BACKWARD compatible; change the table in a script (CREATE OR REPLACE, ALTER TABLE) to make it a "
                        + "version (cdcbridge contracts check shows what a script does to the contract)");
        assertError(call("PUT", "/config/orders_topic-value", "{\"compatibility\":\"NONE\"}"), 422, 42205,
                "Subject 'orders_topic-value' is the contract of table 'orders': its compatibility level is the table's "
                        + "option; set it in a script: ALTER TABLE `orders` SET ('contract.compatibility' = 'NONE')");

        // the table changed by a script: a new version of the subject, under the same id for version 1
        plane.run(new ScriptRequest("note.sql", "ALTER TABLE orders ADD note STRING;", Map.of(), false), "local");
        JsonNode v2 = json(call("GET", "/subjects/orders_topic-value/versions/latest", null));
        assertThat(v2.path("version").asInt()).isEqualTo(2);
        assertThat(v2.path("schema").asText()).isEqualTo(WITH_NULLABLE_NOTE);
        assertThat(json(call("GET", "/subjects/orders_topic-value/versions/1", null)).path("id").asInt()).isEqualTo(id);
        assertThat(json(call("GET", "/subjects/orders_topic-key/versions", null)).toString()).isEqualTo("[1]");
    }

    @Test
    void subjectsNoContractOwnsAreRegisteredCheckedDeletedAndKeptAcrossARestart() throws Exception {
        start(RestSettings.loopback(0));
        String user = "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
        String withName = user.replace("]}", ",{\"name\":\"name\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        String withAge = user.replace("]}", ",{\"name\":\"age\",\"type\":\"int\"}]}");

        int first = json(call("POST", "/subjects/users-value/versions", schema(user))).path("id").asInt();
        assertThat(json(call("POST", "/subjects/users-value/versions", schema(user))).path("id").asInt()).isEqualTo(first);
        int second = json(call("POST", "/subjects/users-value/versions", schema(withName))).path("id").asInt();
        assertThat(second).isNotEqualTo(first);
        HttpResponse<String> incompatible = call("POST", "/subjects/users-value/versions", schema(withAge));
        assertThat(incompatible.statusCode()).isEqualTo(409);
        assertThat(json(incompatible).path("message").asText()).isEqualTo("Schema being registered is incompatible with an "
                + "earlier schema for subject \"users-value\", details: users-value: the new schema breaks BACKWARD "
                + "compatibility with version 2: a reader of the new schema cannot read data written with version 2: that "
                + "data has no field 'age', and the new schema gives it no default (it is NOT NULL)");
        assertError(call("GET", "/config/users-value", null), 404, 40408,
                "Subject 'users-value' does not have subject-level compatibility configured");
        assertThat(json(call("PUT", "/config/users-value", "{\"compatibility\":\"NONE\"}")).toString()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(json(call("POST", "/subjects/users-value/versions", schema(withAge))).path("version").asInt()).isEqualTo(3);
        assertError(call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203, "Invalid compatibility level. "
                + "Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");

        // Confluent's error codes for what is not there or not valid
        assertError(call("GET", "/subjects/nobody-value/versions", null), 404, 40401, "Subject 'nobody-value' not found.");
        assertError(call("GET", "/subjects/users-value/versions/9", null), 404, 40402, "Version 9 not found for subject 'users-value'.");
        assertError(call("GET", "/schemas/ids/999", null), 404, 40403, "Schema 999 not found");
        HttpResponse<String> invalid = call("POST", "/subjects/users-value/versions", schema("{\"type\":\"record\",\"name\":\"X\"}"));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(json(invalid).path("error_code").asInt()).isEqualTo(42201);
        assertError(call("POST", "/subjects/users-value/versions", "{\"schema\":\"{}\",\"schemaType\":\"PROTOBUF\"}"), 422, 42201,
                "Invalid schema: this registry holds AVRO schemas only, not PROTOBUF");

        // restart: the same ids, the same subjects and levels
        plane.close();
        start(RestSettings.loopback(0));
        assertThat(json(call("GET", "/subjects/users-value/versions", null)).toString()).isEqualTo("[1,2,3]");
        assertThat(json(call("GET", "/subjects/users-value/versions/2", null)).path("id").asInt()).isEqualTo(second);
        assertThat(json(call("GET", "/schemas/ids/" + first, null)).path("schema").asText()).isEqualTo(user);
        assertThat(json(call("GET", "/config/users-value", null)).toString()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");

        // deleted first softly (its ids still resolve), then for good
        assertError(call("DELETE", "/subjects/users-value?permanent=true", null), 404, 40405,
                "Subject 'users-value' was not deleted first before being permanently deleted");
        assertThat(json(call("DELETE", "/subjects/users-value", null)).toString()).isEqualTo("[1,2,3]");
        assertThat(json(call("GET", "/subjects", null)).toString()).isEqualTo("[]");
        assertThat(json(call("GET", "/subjects?deleted=true", null)).toString()).isEqualTo("[\"users-value\"]");
        assertThat(json(call("GET", "/schemas/ids/" + first, null)).path("schema").asText()).isEqualTo(user);
        assertThat(json(call("DELETE", "/subjects/users-value?permanent=true", null)).toString()).isEqualTo("[1,2,3]");
        assertThat(json(call("GET", "/subjects?deleted=true", null)).toString()).isEqualTo("[]");
    }

    @Test
    void withTokensClientsSendTheTokenAsBasicAuthAndRefusalsComeInTheRegistrysForm() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "ci:" + SECRET + "\n");
        start(new RestSettings("127.0.0.1", 0, Tokens.read(tokens), null));
        HttpResponse<String> none = call("GET", "/subjects", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).path("error_code").asInt()).isEqualTo(401);
        auth = "Basic " + Base64.getEncoder().encodeToString(("ci:" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(call("GET", "/subjects", null).statusCode()).isEqualTo(200);
        auth = "Basic " + Base64.getEncoder().encodeToString(("other:" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(call("GET", "/subjects", null).statusCode()).isEqualTo(401);
        auth = "Bearer " + SECRET;
        assertThat(call("GET", "/subjects", null).statusCode()).isEqualTo(200);
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(plane.url() + "/registry/subjects/x-value/versions"))
                .POST(HttpRequest.BodyPublishers.ofString(schema(KEY))).header("Authorization", auth)
                .header("Content-Type", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(json(plain).path("error_code").asInt()).isEqualTo(415);
    }

    private ContractEffect effect(String script) {
        List<ContractEffect> effects = plane.checkContracts(new ScriptRequest("change.sql", script, Map.of(), true));
        assertThat(effects).hasSize(1);
        return effects.get(0);
    }

    private void start(RestSettings settings) throws Exception {
        plane = new ControlPlane(io.cdcbridge.control.workspace.Workspace.open(dir.resolve("ws")),
                new FakeEngine().startJobsAs(JobState.State.RUNNING), Map.of(), Map.of()).start(settings);
    }

    private static String schema(String avro) throws Exception {
        return Json.MAPPER.writeValueAsString(Map.of("schema", avro));
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(plane.url() + "/registry" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", TYPE);
        if (auth != null) req.header("Authorization", auth);
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> resp) throws Exception {
        assertThat(resp.statusCode()).as(resp.body()).isLessThan(500);
        return Json.MAPPER.readTree(resp.body());
    }

    private static void assertError(HttpResponse<String> resp, int status, int code, String message) throws Exception {
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(status);
        JsonNode body = Json.MAPPER.readTree(resp.body());
        assertThat(body.path("error_code").asInt()).isEqualTo(code);
        assertThat(body.path("message").asText()).isEqualTo(message);
    }
}
