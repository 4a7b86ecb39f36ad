package io.cdcbridge.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.server.ResumeRequest;
import io.cdcbridge.control.server.QueryRequest;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.control.workspace.ServerInfo;
import io.cdcbridge.control.workspace.Workspace;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The CLI's client of the server's REST API. */
public final class ServerClient {

    /** The port a server listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8787;

    private final String base;
    private final String token;
    private final HttpClient http;

    /** A client of the server at {@code base} that sends no token and trusts the runtime's authorities. */
    public ServerClient(String base) {
        this(base, ClientAccess.NONE);
    }

    /** A client of the server at {@code base} that sends the access's token and trusts its certificate. */
    public ServerClient(String base, ClientAccess access) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = access.token();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (access.trust() != null) b.sslContext(access.trust());
        this.http = b.build();
    }

    /**
     * Finds the server: an explicit URL, else $CDCBRIDGE_SERVER, else the address the server wrote into the
     * workspace, else the default port on 127.0.0.1.
     */
    public static ServerClient locate(String explicit, Path workspace, ClientAccess access) {
        if (explicit != null) return new ServerClient(explicit, access);
        String env = System.getenv("CDCBRIDGE_SERVER");
        if (env != null && !env.isBlank()) return new ServerClient(env, access);
        if (Files.exists(workspace.resolve("server.json"))) {
            ServerInfo info = Workspace.open(workspace).server();
            if (info != null) return new ServerClient(info.url(), access);
        }
        return new ServerClient("http://127.0.0.1:" + DEFAULT_PORT, access);
    }

    public String base() {
        return base;
    }

    public JsonNode runScript(ScriptRequest request) {
        return send("POST", "/v1/scripts", request);
    }

    public JsonNode statements() {
        return send("GET", "/v1/statements", null);
    }

    public JsonNode statement(String name) {
        return send("GET", "/v1/statements/" + encode(name), null);
    }

    public JsonNode offsets(String name) {
        return send("GET", "/v1/statements/" + encode(name) + "/offsets", null);
    }

    /** Answers a query that changes nothing (SHOW, DESCRIBE, EXPLAIN, a SELECT preview). */
    public JsonNode query(QueryRequest request) {
        return send("POST", "/v1/queries", request);
    }

    /** Cancels the query running under {@code queryId} (404 when none does). */
    public JsonNode cancelQuery(String queryId) {
        return send("DELETE", "/v1/queries/" + encode(queryId), null);
    }

    /** Every statement's latest lag and rates. */
    public JsonNode metrics() {
        return send("GET", "/v1/metrics", null);
    }

    /** One statement's latest lag and rates, and the samples of the last hour. */
    public JsonNode metrics(String name) {
        return send("GET", "/v1/statements/" + encode(name) + "/metrics", null);
    }

    /** A page of one statement's dead letters. */
    public JsonNode deadLetters(String name, int offset, int limit) {
        return send("GET", "/v1/statements/" + encode(name) + "/dead-letters?offset=" + offset + "&limit=" + limit, null);
    }

    public JsonNode stop(String name, boolean savepoint) {
        return send("POST", "/v1/statements/" + encode(name) + "/stop?savepoint=" + savepoint, null);
    }

    public JsonNode resume(String name) {
        return send("POST", "/v1/statements/" + encode(name) + "/resume", null);
    }

    /** Resumes statement {@code name}, from now on as {@code principal}. */
    public JsonNode resume(String name, String principal) {
        return resume(name, principal, Map.of());
    }

    /** Resumes statement {@code name}, as {@code principal} (null: unchanged), with other resources ({@code parallelism.default}). */
    public JsonNode resume(String name, String principal, Map<String, String> resources) {
        return send("POST", "/v1/statements/" + encode(name) + "/resume", new ResumeRequest(principal, resources));
    }

    public JsonNode delete(String name) {
        return send("DELETE", "/v1/statements/" + encode(name), null);
    }

    /** Statement {@code name}'s target compared with its source; {@code repair} rewrites what differs. */
    public JsonNode verify(String name, boolean repair) {
        return send("POST", "/v1/statements/" + encode(name) + "/verify?repair=" + repair, null);
    }

    public JsonNode dependencies(String name) {
        return send("GET", "/v1/statements/" + encode(name) + "/dependencies", null);
    }

    /** Plans (dry run) or starts the evolution of statement {@code name} to the request's v2. */
    public JsonNode evolve(String name, EvolutionRequest request) {
        return send("POST", "/v1/statements/" + encode(name) + "/evolve", request);
    }

    /** The latest evolution of statement {@code name}. */
    public JsonNode evolution(String name) {
        return send("GET", "/v1/statements/" + encode(name) + "/evolution", null);
    }

    public JsonNode contracts() {
        return send("GET", "/v1/contracts", null);
    }

    public JsonNode contract(String table) {
        return send("GET", "/v1/contracts/" + encode(table), null);
    }

    /** What a script would do to each contract, without applying it. */
    public JsonNode checkContracts(ScriptRequest request) {
        return send("POST", "/v1/contracts/check", request);
    }

    public JsonNode catalog() {
        return send("GET", "/v1/catalog", null);
    }

    public JsonNode environment() {
        return send("GET", "/v1/environment", null);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body));
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/json")
                    .method(method, publisher);
            if (token != null) req.header("Authorization", "Bearer " + token);
            HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = Json.MAPPER.readTree(resp.body());
            if (resp.statusCode() >= 400) {
                String msg = json.path("error").path("message").asText("HTTP " + resp.statusCode());
                throw new ApiException(resp.statusCode(), msg, json);
            }
            return json;
        } catch (ConnectException e) {
            throw new ApiException(0, "no cdcbridge server answers at " + base
                    + " (start one with `cdcbridge server`, or pass --server URL)", null);
        } catch (IOException e) {
            throw new ApiException(0, "talking to the server at " + base + " failed: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted", null);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
