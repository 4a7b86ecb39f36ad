package io.cdcbridge.control.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.script.ScriptException;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementNotFoundException;
import io.cdcbridge.control.workspace.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * The REST API on 127.0.0.1, shaped after Confluent Cloud's statements API:
 * GET /v1/statements, GET|DELETE /v1/statements/{name}, POST /v1/statements/{name}/stop|resume,
 * GET /v1/statements/{name}/dependencies, POST /v1/statements/{name}/evolve (dry_run: the plan only),
 * GET /v1/statements/{name}/evolution, POST /v1/scripts, GET /v1/contracts, GET /v1/contracts/{table},
 * POST /v1/contracts/check, GET /v1/catalog, GET /v1/environment, GET /v1/health.
 */
public final class RestApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final Pattern STATEMENT = Pattern.compile("^/v1/statements/([^/]+)(/(stop|resume|offsets|dependencies|evolve|evolution))?$");
    private static final Pattern CONTRACT = Pattern.compile("^/v1/contracts/([^/]+)$");

    private final ControlPlane plane;
    private final HttpServer http;

    /** Binds to 127.0.0.1:{@code port} (0 picks a free port) and starts answering. */
    public RestApi(ControlPlane plane, int port) throws IOException {
        this.plane = plane;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/", this::handle);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "cdcbridge-rest");
            t.setDaemon(true);
            return t;
        }));
        http.start();
    }

    /** The base URL, e.g. http://127.0.0.1:8787. */
    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            try {
                route(ex, method, path);
            } catch (ScriptException e) {
                send(ex, 400, new ApiError(new ApiError.Error(e.getMessage(), e.file(), e.line(), e.statement())));
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

    private void route(HttpExchange ex, String method, String path) throws IOException {
        Matcher m = STATEMENT.matcher(path);
        Matcher contract = CONTRACT.matcher(path);
        if (path.equals("/v1/health") && method.equals("GET")) {
            send(ex, 200, Map.of("status", "UP"));
        } else if (path.equals("/v1/environment") && method.equals("GET")) {
            send(ex, 200, plane.environment());
        } else if (path.equals("/v1/catalog") && method.equals("GET")) {
            send(ex, 200, plane.catalog());
        } else if (path.equals("/v1/scripts") && method.equals("POST")) {
            ScriptRequest req = Json.MAPPER.readValue(body(ex), ScriptRequest.class);
            send(ex, 200, Map.of("statements", plane.run(req)));
        } else if (path.equals("/v1/contracts") && method.equals("GET")) {
            send(ex, 200, Map.of("contracts", plane.contracts()));
        } else if (path.equals("/v1/contracts/check") && method.equals("POST")) {
            ScriptRequest req = Json.MAPPER.readValue(body(ex), ScriptRequest.class);
            send(ex, 200, Map.of("file", req.file(), "contracts", plane.checkContracts(req)));
        } else if (contract.matches() && method.equals("GET")) {
            send(ex, 200, plane.contract(URLDecoder.decode(contract.group(1), StandardCharsets.UTF_8)));
        } else if (path.equals("/v1/statements") && method.equals("GET")) {
            send(ex, 200, Map.of("statements", plane.statements().list().stream().map(StatementView::of).toList()));
        } else if (m.matches()) {
            String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            String action = m.group(3);
            if (action == null && method.equals("GET")) {
                send(ex, 200, StatementView.of(plane.statements().get(name)));
            } else if (action == null && method.equals("DELETE")) {
                List<String> notes = plane.statements().delete(name);
                send(ex, 200, Map.of("deleted", name, "notes", notes));
            } else if ("stop".equals(action) && method.equals("POST")) {
                boolean savepoint = Boolean.parseBoolean(query(ex).getOrDefault("savepoint", "false"));
                send(ex, 200, StatementView.of(plane.statements().stop(name, savepoint)));
            } else if ("resume".equals(action) && method.equals("POST")) {
                send(ex, 200, StatementView.of(plane.statements().resume(name)));
            } else if ("offsets".equals(action) && method.equals("GET")) {
                Statement s = plane.statements().get(name);
                send(ex, 200, Map.of("name", s.name(), "latest_offsets", plane.statements().currentOffsets(name)));
            } else if ("evolve".equals(action) && method.equals("POST")) {
                EvolutionRequest req = Json.MAPPER.readValue(body(ex), EvolutionRequest.class);
                send(ex, req.dryRun() ? 200 : 202, plane.evolve(name, req));
            } else if ("evolution".equals(action) && method.equals("GET")) {
                send(ex, 200, plane.evolution(name));
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
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
