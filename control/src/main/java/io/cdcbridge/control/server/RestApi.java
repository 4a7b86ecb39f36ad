package io.cdcbridge.control.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.registry.RegistryApi;
import io.cdcbridge.control.script.ScriptException;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementNotFoundException;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.control.metrics.PrometheusMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, shaped after Confluent Cloud's statements API:
 * GET /v1/statements, GET|DELETE /v1/statements/{name}, POST /v1/statements/{name}/stop|resume,
 * GET /v1/statements/{name}/dependencies, GET /v1/statements/{name}/metrics (latest sample and the last hour),
 * GET /v1/metrics (every statement's latest lag and rates), GET /metrics (the same and the JVM's, for Prometheus), POST /v1/statements/{name}/evolve (dry_run: the plan only),
 * GET /v1/statements/{name}/evolution, POST /v1/scripts, the contracts as a Confluent Schema Registry below /registry
 * ({@link RegistryApi}), GET /v1/contracts, GET /v1/contracts/{table},
 * POST /v1/queries (SHOW, DESCRIBE, EXPLAIN, SELECT previews), DELETE /v1/queries/{query_id} (cancels one), POST /v1/contracts/check, GET /v1/catalog, GET /v1/environment, GET /v1/health; the web console at GET /
 * ({@link ConsoleFiles}). Where it listens, with which
 * tokens and whether over TLS is {@link RestSettings}'s; {@link RequestGuard} admits each request, as a principal.
 */
public final class RestApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final Pattern STATEMENT = Pattern.compile("^/v1/statements/([^/]+)(/(stop|resume|offsets|metrics|dependencies|evolve|evolution|verify|dead-letters))?$");
    private static final Pattern CONTRACT = Pattern.compile("^/v1/contracts/([^/]+)$");

    private final ControlPlane plane;
    private final RestSettings settings;
    private final RequestGuard guard;
    private final HttpServer http;
    private final RegistryApi registry;

    /** Binds as {@code settings} say (port 0 picks a free port) and starts answering. */
    public RestApi(ControlPlane plane, RestSettings settings) throws IOException {
        this.plane = plane;
        this.settings = settings;
        this.guard = new RequestGuard(settings);
        this.registry = new RegistryApi(plane.registry());
        InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
        if (settings.tls() != null) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls()));
            this.http = https;
        } else {
            this.http = HttpServer.create(address, 0);
        }
        http.createContext("/", this::handle);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "cdcbridge-rest");
            t.setDaemon(true);
            return t;
        }));
        http.start();
    }

    /** The base URL, e.g. http://127.0.0.1:8787; for a wildcard bind, this machine's loopback address. */
    public String url() {
        InetAddress bound = http.getAddress().getAddress();
        String host = bound.isAnyLocalAddress() ? RestSettings.LOOPBACK : bound.getHostAddress();
        if (bound instanceof Inet6Address && !bound.isAnyLocalAddress()) host = "[" + host + "]";
        return (settings.tls() != null ? "https://" : "http://") + host + ":" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            RequestGuard.Decision decision = guard.decide(method, path, ex.getRequestHeaders());
            if (!decision.admitted()) {
                if (decision.status() == 401) ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"cdcbridge\"");
                LOG.info("{} {} refused ({}): {}", method, path, decision.status(), decision.message());
                if (RegistryApi.serves(path)) {
                    send(ex, decision.status(), RegistryApi.CONTENT_TYPE,
                            Json.MAPPER.writeValueAsBytes(RegistryApi.error(decision.status(), decision.message())));
                } else {
                    send(ex, decision.status(), ApiError.of(decision.message()));
                }
                return;
            }
            try {
                route(ex, method, path, decision.principal());
            } catch (ScriptException e) {
                send(ex, 400, new ApiError(new ApiError.Error(e.getMessage(), e.file(), e.line(), e.column(), e.statement())));
            } catch (StatementNotFoundException e) {
                send(ex, 404, ApiError.of(e.getMessage()));
            } catch (StatementException e) {
                send(ex, 409, ApiError.of(e.getMessage()));
            } catch (NoSuchElementException e) {
                send(ex, 404, ApiError.of(e.getMessage()));
            } catch (IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
                send(ex, 400, ApiError.of(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", method, path, e);
                send(ex, 500, ApiError.of("internal error: " + e));
            }
        }
    }

    private void route(HttpExchange ex, String method, String path, String principal) throws IOException {
        Matcher m = STATEMENT.matcher(path);
        Matcher contract = CONTRACT.matcher(path);
        if (RegistryApi.serves(path)) {
            RegistryApi.Answer a = registry.answer(method, ex.getRequestURI().getRawPath(), query(ex),
                    method.equals("GET") ? new byte[0] : body(ex));
            byte[] bytes = a.body() instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : Json.MAPPER.writeValueAsBytes(a.body());
            send(ex, a.status(), RegistryApi.CONTENT_TYPE, bytes);
        } else if (ConsoleFiles.serves(path) && method.equals("GET")) {
            ConsoleFiles.File file = ConsoleFiles.get(path).orElseThrow(() -> new NoSuchElementException("no console file " + path));
            ConsoleFiles.HEADERS.forEach(ex.getResponseHeaders()::set);
            send(ex, 200, file.contentType(), file.bytes());
        } else if (path.equals("/v1/health") && method.equals("GET")) {
            send(ex, 200, Map.of("status", "UP"));
        } else if (path.equals("/v1/environment") && method.equals("GET")) {
            send(ex, 200, plane.environment());
        } else if (path.equals("/v1/catalog") && method.equals("GET")) {
            send(ex, 200, plane.catalog());
        } else if (path.equals("/v1/scripts") && method.equals("POST")) {
            ScriptRequest req = Json.MAPPER.readValue(body(ex), ScriptRequest.class);
            send(ex, 200, Map.of("statements", plane.run(req, principal)));
        } else if (path.equals("/v1/queries") && method.equals("POST")) {
            send(ex, 200, plane.query(Json.MAPPER.readValue(body(ex), QueryRequest.class)));
        } else if (path.startsWith("/v1/queries/") && method.equals("DELETE")) {
            String id = URLDecoder.decode(path.substring("/v1/queries/".length()), StandardCharsets.UTF_8);
            if (!plane.cancelQuery(id)) throw new NoSuchElementException("no query runs under id '" + id + "' (it may have ended)");
            send(ex, 200, Map.of("cancelled", id));
        } else if (path.equals("/v1/contracts") && method.equals("GET")) {
            send(ex, 200, Map.of("contracts", plane.contracts()));
        } else if (path.equals("/v1/contracts/check") && method.equals("POST")) {
            ScriptRequest req = Json.MAPPER.readValue(body(ex), ScriptRequest.class);
            send(ex, 200, Map.of("file", req.file(), "contracts", plane.checkContracts(req)));
        } else if (contract.matches() && method.equals("GET")) {
            send(ex, 200, plane.contract(URLDecoder.decode(contract.group(1), StandardCharsets.UTF_8)));
        } else if (path.equals("/metrics") && method.equals("GET")) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            plane.prometheus().write(text);
            send(ex, 200, PrometheusMetrics.CONTENT_TYPE, text.toByteArray());
        } else if (path.equals("/v1/metrics") && method.equals("GET")) {
            send(ex, 200, Map.of("statements", plane.metrics().latest()));
        } else if (path.equals("/v1/statements") && method.equals("GET")) {
            send(ex, 200, statementsPage(query(ex)));
        } else if (path.equals("/v1/statements") && method.equals("POST")) {
            StatementRequest req = Json.MAPPER.readValue(body(ex), StatementRequest.class);
            List<?> outcome = plane.run(new ScriptRequest("statement " + req.name(), req.script(), Map.of(), false), principal);
            java.util.Optional<Statement> made = plane.statements().list().stream().filter(s -> s.name().equals(req.name())).findFirst();
            // a statement that makes no named statement (DDL) answers with the script's outcome
            if (made.isPresent()) send(ex, 201, StatementView.of(made.get()));
            else send(ex, 200, Map.of("statements", outcome));
        } else if (m.matches()) {
            String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            String action = m.group(3);
            if (action == null && method.equals("GET")) {
                send(ex, 200, StatementView.of(plane.statements().get(name)));
            } else if (action == null && method.equals("PATCH")) {
                StatementRequest req = Json.MAPPER.readValue(body(ex), StatementRequest.class);
                if (req.spec() == null || req.spec().stopped() == null) {
                    throw new IllegalArgumentException("PATCH of a statement changes 'spec.stopped' (true: stop with a"
                            + " savepoint; false: resume) and nothing else");
                }
                Statement s = plane.statements().get(name);
                boolean stopped = s.spec().stopped();
                if (req.spec().stopped() && !stopped) s = plane.statements().stop(name, true);
                else if (!req.spec().stopped() && stopped) s = plane.statements().resume(name, null, Map.of());
                send(ex, 200, StatementView.of(s));
            } else if (action == null && method.equals("DELETE")) {
                List<String> notes = plane.statements().delete(name);
                send(ex, 200, Map.of("deleted", name, "notes", notes));
            } else if ("stop".equals(action) && method.equals("POST")) {
                boolean savepoint = Boolean.parseBoolean(query(ex).getOrDefault("savepoint", "false"));
                send(ex, 200, StatementView.of(plane.statements().stop(name, savepoint)));
            } else if ("resume".equals(action) && method.equals("POST")) {
                byte[] raw = body(ex);
                ResumeRequest request = raw.length == 0 ? new ResumeRequest(null, null) : Json.MAPPER.readValue(raw, ResumeRequest.class);
                String as = request.principal();
                if (as != null && !settings.knows(as)) {
                    throw new IllegalArgumentException("no principal named '" + as + "' (the principals are the names "
                            + "of the server's tokens, or '" + RestSettings.LOCAL_PRINCIPAL + "' without tokens)");
                }
                send(ex, 200, StatementView.of(plane.statements().resume(name, as, request.properties())));
            } else if ("offsets".equals(action) && method.equals("GET")) {
                Statement s = plane.statements().get(name);
                send(ex, 200, Map.of("name", s.name(), "latest_offsets", plane.statements().currentOffsets(name)));
            } else if ("metrics".equals(action) && method.equals("GET")) {
                plane.statements().get(name);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("name", name);
                answer.put("latest", plane.metrics().latest(name).orElse(null));
                answer.put("history", plane.metrics().history(name));
                send(ex, 200, answer);
            } else if ("evolve".equals(action) && method.equals("POST")) {
                EvolutionRequest req = Json.MAPPER.readValue(body(ex), EvolutionRequest.class);
                send(ex, req.dryRun() ? 200 : 202, plane.evolve(name, req, principal));
            } else if ("evolution".equals(action) && method.equals("GET")) {
                send(ex, 200, plane.evolution(name));
            } else if ("verify".equals(action) && method.equals("POST")) {
                boolean repair = Boolean.parseBoolean(query(ex).getOrDefault("repair", "false"));
                try {
                    send(ex, 200, plane.verify(name, repair));
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("verifying '" + name + "' failed: " + e.getMessage(), e);
                }
            } else if ("dead-letters".equals(action) && method.equals("GET")) {
                Map<String, String> q = query(ex);
                int offset = whole(q, "offset", 0);
                int limit = whole(q, "limit", 20);
                if (offset < 0 || limit < 1 || limit > 500) {
                    throw new IllegalArgumentException("dead letters are paged by 'offset' (0 or more) and 'limit' (1 to 500)");
                }
                send(ex, 200, plane.statements().deadLetters(name, offset, limit));
            } else if ("dependencies".equals(action) && method.equals("GET")) {
                send(ex, 200, Map.of("name", name, "dependencies", plane.statements().dependencies(name)));
            } else {
                send(ex, 405, ApiError.of(method + " " + path + " is not supported"));
            }
        } else {
            send(ex, 404, ApiError.of("no such resource: " + method + " " + path));
        }
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    // GET /v1/statements: every statement, or a page of them (page_size, page_token as metadata.next gives it, as
    // Confluent Cloud pages); without the catalog definitions each was compiled against unless definitions=true
    private Map<String, Object> statementsPage(Map<String, String> q) {
        List<Statement> all = plane.statements().list();
        int from = whole(q, "page_token", 0);
        int size = whole(q, "page_size", Math.max(1, all.size()));
        if (from < 0 || size < 1) throw new IllegalArgumentException("'page_size' must be 1 or more and 'page_token' 0 or more");
        boolean definitions = Boolean.parseBoolean(q.getOrDefault("definitions", "false"));
        List<Statement> page = all.subList(Math.min(from, all.size()), Math.min(from + size, all.size()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("statements", page.stream().map(s -> {
            com.fasterxml.jackson.databind.node.ObjectNode view = Json.MAPPER.valueToTree(StatementView.of(s));
            if (!definitions) view.remove("definitions");
            return view;
        }).toList());
        int next = from + page.size();
        answer.put("metadata", Map.of("total_size", all.size(), "next", next < all.size()
                ? "/v1/statements?page_size=" + size + "&page_token=" + next + (definitions ? "&definitions=true" : "") : ""));
        return answer;
    }

    // a whole number from the query string, or the default when it is not given
    private static int whole(Map<String, String> query, String key, int otherwise) {
        String v = query.get(key);
        if (v == null) return otherwise;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number, not '" + v + "'");
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static void send(HttpExchange ex, int code, Object body) throws IOException {
        send(ex, code, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int code, String contentType, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
