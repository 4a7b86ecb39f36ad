package io.cdcbridge.control.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.evolution.Strategy;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.control.workspace.Workspace;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may drive the REST API, seen by a real HTTP client: no web page (a foreign Origin, a body a page can send
 * without asking, a host name that is not this machine's), no one without a token where there are tokens; the
 * principal each statement runs as; and the statements resources in Confluent Cloud's shape (created from
 * {name, spec}, stopped and resumed by PATCHing spec.stopped, lists paged and without definitions unless asked).
 */
@Tag("integration")
class RestApiAccessTest {

    private static final String ALICE = "alice-secret-0123456789abcdef";
    private static final String BOB = "bob-secret-0123456789abcdef01";
    private static final String SCRIPT = """
            CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src');
            CREATE TABLE dst (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED)
              WITH ('connector' = 'upsert-kafka', 'topic' = 'dst');
            SET 'client.statement-name' = 'copy';
            INSERT INTO dst SELECT id, name FROM src;
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
    void webPagesCannotDriveTheApi() throws Exception {
        start(RestSettings.loopback(0));
        String script = Json.MAPPER.writeValueAsString(new ScriptRequest("s.sql", SCRIPT, Map.of(), false));

        // what a page on another site can send without asking the server first: a text/plain or form body
        HttpResponse<String> foreign = send(post("/v1/scripts", script).header("Content-Type", "text/plain")
                .header("Origin", "http://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(error(foreign)).isEqualTo("requests from web pages of another origin (http://evil.example) are refused");
        HttpResponse<String> plain = send(post("/v1/scripts", script).header("Content-Type", "text/plain"));
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(error(plain)).isEqualTo("POST requests need the header Content-Type: application/json");
        HttpResponse<String> form = send(post("/v1/scripts", script)
                .header("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(Json.MAPPER.readTree(send(get("/v1/statements")).body()).path("statements")).isEmpty();

        HttpResponse<String> created = send(post("/v1/scripts", script).header("Content-Type", "application/json")
                .header("Origin", plane.url()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(statement("copy", null).path("spec").path("principal").asText()).isEqualTo("local");

        HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create(plane.url() + "/v1/statements/copy"))
                .DELETE().header("Content-Type", "application/json").header("Origin", "null"));
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(send(get("/v1/statements/copy")).statusCode()).isEqualTo(200);

        // a page whose own name resolves to 127.0.0.1 (DNS rebinding) is same-origin to the browser: its Host is not ours
        String rebound = raw("GET /v1/statements HTTP/1.1\r\nHost: evil.example:" + port() + "\r\nConnection: close\r\n\r\n");
        assertThat(rebound).startsWith("HTTP/1.1 403").contains("requests addressed to host 'evil.example:" + port()
                + "' are refused: this server answers requests for 127.0.0.1 or localhost only");
    }

    @Test
    void tokensNameThePrincipalStatementsRunAs() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "# who may drive this server\nalice:" + ALICE + "\n\nbob:" + BOB + "\n");
        start(new RestSettings("127.0.0.1", 0, Tokens.read(tokens), null));

        HttpResponse<String> none = send(get("/v1/statements"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"cdcbridge\"");
        assertThat(error(none)).isEqualTo("this server needs a token; send the header Authorization: Bearer <secret> "
                + "(cdcbridge commands: --token-file FILE or $CDCBRIDGE_TOKEN; schema registry clients: basic auth with the "
                + "token's name and secret)");
        HttpResponse<String> wrong = send(get("/v1/statements").header("Authorization", "Bearer " + ALICE + "x"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong)).isEqualTo("the token is not known to this server");
        assertThat(send(get("/v1/health")).statusCode()).isEqualTo(200);

        String script = Json.MAPPER.writeValueAsString(new ScriptRequest("s.sql", SCRIPT, Map.of(), false));
        assertThat(send(post("/v1/scripts", script).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ALICE)).statusCode()).isEqualTo(200);
        assertThat(statement("copy", ALICE).path("spec").path("principal").asText()).isEqualTo("alice");

        assertThat(send(post("/v1/statements/copy/stop", "").header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + BOB)).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = send(post("/v1/statements/copy/resume", "{\"principal\":\"mallory\"}")
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + BOB));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(error(unknown)).isEqualTo("no principal named 'mallory' (the principals are the names of the "
                + "server's tokens, or 'local' without tokens)");
        HttpResponse<String> resumed = send(post("/v1/statements/copy/resume", "{\"principal\":\"bob\"}")
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + BOB));
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(statement("copy", ALICE).path("spec").path("principal").asText()).isEqualTo("bob");
        assertThat(Workspace.open(dir.resolve("ws")).statements()).singleElement()
                .satisfies(s -> assertThat(s.spec().principal()).isEqualTo("bob"));

        // an evolution's v2 is created by whoever evolves
        String v2 = Json.MAPPER.writeValueAsString(new EvolutionRequest("v2.sql", """
                CREATE TABLE dst_v2 (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED)
                  WITH ('connector' = 'upsert-kafka', 'topic' = 'dst_v2');
                SET 'client.statement-name' = 'copy-v2';
                INSERT INTO dst_v2 SELECT id, name FROM src;
                """, Strategy.BLUE_GREEN, false, true, null, null, null, Map.of()));
        assertThat(send(post("/v1/statements/copy/evolve", v2).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ALICE)).statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(statement("copy-v2", BOB).path("spec").path("principal").asText()).isEqualTo("alice"));
    }

    @Test
    void theConsolesFilesNeedNoTokenWhatItShowsDoes() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "alice:" + ALICE + "\n");
        start(new RestSettings("127.0.0.1", 0, Tokens.read(tokens), null));
        HttpResponse<String> page = send(get("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; frame-ancestors 'none'");
        assertThat(page.body()).contains("<script src=\"/console/console.js\" defer></script>");
        assertThat(send(get("/console/console.js")).headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(send(get("/v1/metrics")).statusCode()).isEqualTo(401);
        assertThat(send(get("/metrics")).statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(send(get("/v1/metrics").header("Authorization", "Bearer " + ALICE)).body()).toString())
                .isEqualTo("{\"statements\":[]}");
        assertThat(send(get("/console/other.js")).statusCode()).isEqualTo(401);
    }

    @Test
    void anAddressOtherMachinesReachNeedsTokens() {
        assertThatThrownBy(() -> new RestSettings("0.0.0.0", 0, Tokens.none(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the REST API on 0.0.0.0 would be open to other machines: give it tokens (--token-file FILE), "
                        + "or bind it to 127.0.0.1");
    }

    @Test
    void aTokenFileIsCheckedWithoutShowingItsSecrets() throws Exception {
        Path shortSecret = Files.writeString(dir.resolve("short"), "alice:tooshort\n");
        assertThatThrownBy(() -> Tokens.read(shortSecret)).hasMessage(shortSecret
                + ":1: the secret of token 'alice' is shorter than 16 characters");
        Path twice = Files.writeString(dir.resolve("twice"), "alice:" + ALICE + "\nbob:" + ALICE + "\n");
        assertThatThrownBy(() -> Tokens.read(twice)).hasMessage(twice + ":2: token 'bob' has the secret of another token");
        Path noName = Files.writeString(dir.resolve("noname"), ALICE + "\n");
        assertThatThrownBy(() -> Tokens.read(noName)).hasMessage(noName + ":1: a token is written name:secret");
    }

    @Test
    void statementsAreCreatedPatchedAndListedAsConfluentCloudDoes() throws Exception {
        start(RestSettings.loopback(0));
        assertThat(call("POST", "/v1/scripts", Json.MAPPER.writeValueAsString(new ScriptRequest("s.sql", SCRIPT, Map.of(), false)))
                .statusCode()).isEqualTo(200);

        HttpResponse<String> created = call("POST", "/v1/statements", """
                {"name": "copy-a", "organization_id": "ignored",
                 "spec": {"statement": "INSERT INTO dst SELECT id, name FROM src", "properties": {"sql.state-ttl": "1 h"}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode a = Json.MAPPER.readTree(created.body());
        assertThat(a.path("name").asText()).isEqualTo("copy-a");
        assertThat(a.path("spec").path("statement").asText()).isEqualTo("INSERT INTO dst SELECT id, name FROM src");
        assertThat(a.path("spec").path("properties").path("sql.state-ttl").asText()).isEqualTo("1 h");
        assertThat(a.path("status").path("phase").asText()).isEqualTo("RUNNING");
        assertThat(call("POST", "/v1/statements", """
                {"name": "copy-b", "spec": {"statement": "INSERT INTO dst SELECT id, upper(name) FROM src;"}}""").statusCode())
                .isEqualTo(201);

        HttpResponse<String> stopped = call("PATCH", "/v1/statements/copy-a", "{\"spec\": {\"stopped\": true}}");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(stopped.body()).path("status").path("phase").asText()).isEqualTo("STOPPED");
        assertThat(Json.MAPPER.readTree(stopped.body()).path("spec").path("stopped").asBoolean()).isTrue();
        HttpResponse<String> resumed = call("PATCH", "/v1/statements/copy-a", "{\"spec\": {\"stopped\": false}}");
        assertThat(Json.MAPPER.readTree(resumed.body()).path("spec").path("stopped").asBoolean()).isFalse();
        HttpResponse<String> nothing = call("PATCH", "/v1/statements/copy-a", "{\"spec\": {\"statement\": \"INSERT ...\"}}");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(error(nothing)).startsWith("PATCH of a statement changes 'spec.stopped'");

        // pages of one, each naming the next in metadata.next; definitions only when asked
        JsonNode first = Json.MAPPER.readTree(call("GET", "/v1/statements?page_size=1", null).body());
        assertThat(first.path("statements")).hasSize(1);
        assertThat(first.path("statements").get(0).path("name").asText()).isEqualTo("copy");
        assertThat(first.path("statements").get(0).has("definitions")).isFalse();
        assertThat(first.path("metadata").path("total_size").asInt()).isEqualTo(3);
        assertThat(first.path("metadata").path("next").asText()).isEqualTo("/v1/statements?page_size=1&page_token=1");
        JsonNode second = Json.MAPPER.readTree(call("GET", first.path("metadata").path("next").asText(), null).body());
        assertThat(second.path("statements").get(0).path("name").asText()).isEqualTo("copy-a");
        JsonNode last = Json.MAPPER.readTree(call("GET", second.path("metadata").path("next").asText(), null).body());
        assertThat(last.path("statements").get(0).path("name").asText()).isEqualTo("copy-b");
        assertThat(last.path("metadata").path("next").asText()).isEmpty();
        JsonNode full = Json.MAPPER.readTree(call("GET", "/v1/statements?definitions=true", null).body());
        assertThat(full.path("statements")).hasSize(3);
        assertThat(full.path("statements").get(0).path("definitions").toString()).contains("CREATE TABLE", "src");
        assertThat(Json.MAPPER.readTree(call("GET", "/v1/statements/copy-a", null).body()).has("definitions")).isTrue();
    }

    // a JSON request of any method, as the server's own page would send it
    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(plane.url() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private void start(RestSettings settings) throws Exception {
        plane = new ControlPlane(Workspace.open(dir.resolve("ws")), new FakeEngine().startJobsAs(JobState.State.RUNNING), Map.of(), Map.of()).start(settings);
    }

    private int port() {
        return URI.create(plane.url()).getPort();
    }

    private JsonNode statement(String name, String token) throws Exception {
        HttpRequest.Builder req = get("/v1/statements/" + name);
        if (token != null) req.header("Authorization", "Bearer " + token);
        HttpResponse<String> resp = send(req);
        assertThat(resp.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(resp.body());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(plane.url() + path)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(plane.url() + path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder req) throws Exception {
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> resp) throws Exception {
        return Json.MAPPER.readTree(resp.body()).path("error").path("message").asText();
    }

    // java.net.http sets Host itself; a browser after DNS rebinding sends the page's host name
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
