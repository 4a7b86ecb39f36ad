package io.cdcbridge.control.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.contract.Compatibility;
import io.cdcbridge.control.workspace.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Confluent Schema Registry's REST API over {@link SchemaRegistry}, for the paths below {@link #PREFIX}: clients take
 * {@code http://host:port/registry} as their registry URL (Confluent's Java and Node.js clients and Flink's format add
 * their paths to the URL they are given). Subjects, their versions, lookup, schemas by id, compatibility checks and
 * the compatibility levels, with Confluent's error codes and content type.
 */
public final class RegistryApi {

    /** Where the registry's paths start on the server. */
    public static final String PREFIX = "/registry";

    /** The content type Schema Registry answers with (and its clients send). */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Pattern SUBJECT = Pattern.compile("^/subjects/([^/]+)$");
    private static final Pattern VERSIONS = Pattern.compile("^/subjects/([^/]+)/versions$");
    private static final Pattern VERSION = Pattern.compile("^/subjects/([^/]+)/versions/([^/]+)(/schema)?$");
    private static final Pattern SCHEMA = Pattern.compile("^/schemas/ids/([^/]+)(/schema|/versions|/subjects)?$");
    private static final Pattern COMPATIBILITY = Pattern.compile("^/compatibility/subjects/([^/]+)/versions(/([^/]+))?$");
    private static final Pattern CONFIG = Pattern.compile("^/config(/([^/]+))?$");

    /** An answer: status and body (a JSON value, or a String sent as it is). */
    public record Answer(int status, Object body) {}

    private final SchemaRegistry registry;

    public RegistryApi(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** Whether a request path is the registry's. */
    public static boolean serves(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** The error body Schema Registry's clients read. */
    public static Map<String, Object> error(int errorCode, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error_code", errorCode);
        m.put("message", message);
        return m;
    }

    /** Answers one request; {@code path} is the full raw (undecoded) path, {@code query} its parameters. */
    public Answer answer(String method, String path, Map<String, String> query, byte[] body) {
        try {
            return route(method, path.substring(PREFIX.length()), query, body);
        } catch (RegistryException e) {
            return new Answer(e.status(), error(e.errorCode(), e.getMessage()));
        } catch (IOException e) {
            return new Answer(422, error(42201, "Invalid request body: " + e.getMessage()));
        }
    }

    private Answer route(String method, String path, Map<String, String> query, byte[] body) throws IOException {
        boolean deleted = flag(query, "deleted");
        boolean permanent = flag(query, "permanent");
        Matcher m;
        if (path.isEmpty() || path.equals("/")) {
            return ok(Map.of());
        } else if (path.equals("/subjects") && method.equals("GET")) {
            return ok(registry.subjects(deleted));
        } else if (path.equals("/schemas/types") && method.equals("GET")) {
            return ok(List.of("AVRO"));
        } else if ((m = SUBJECT.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            if (method.equals("POST")) return ok(view(lookup(subject, body)));
            if (method.equals("DELETE")) return ok(registry.deleteSubject(subject, permanent));
        } else if ((m = VERSIONS.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            if (method.equals("GET")) return ok(registry.versions(subject));
            if (method.equals("POST")) {
                JsonNode req = request(body);
                SchemaRegistry.Registered r = registry.register(subject, req.path("schema").asText(null), type(req));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", r.id());
                out.put("version", r.version());
                return ok(out);
            }
        } else if ((m = VERSION.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            String version = decode(m.group(2));
            if (method.equals("GET")) {
                SchemaRegistry.Registered r = registry.version(subject, version);
                return m.group(3) != null ? new Answer(200, r.schema()) : ok(view(r));
            }
            if (method.equals("DELETE") && m.group(3) == null) return ok(registry.deleteVersion(subject, version));
        } else if ((m = SCHEMA.matcher(path)).matches() && method.equals("GET")) {
            int id = id(m.group(1));
            String what = m.group(2);
            if (what == null) return ok(Map.of("schema", registry.schema(id)));
            if (what.equals("/schema")) return new Answer(200, registry.schema(id));
            List<Map<String, Object>> versions = registry.subjectVersions(id);
            return ok(what.equals("/versions") ? versions : versions.stream().map(v -> v.get("subject")).distinct().toList());
        } else if ((m = COMPATIBILITY.matcher(path)).matches() && method.equals("POST")) {
            JsonNode req = request(body);
            List<String> problems = registry.compatibility(decode(m.group(1)), m.group(3) == null ? null : decode(m.group(3)),
                    req.path("schema").asText(null), type(req));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("is_compatible", problems.isEmpty());
            if (flag(query, "verbose")) out.put("messages", problems);
            return ok(out);
        } else if ((m = CONFIG.matcher(path)).matches()) {
            String subject = m.group(2) == null ? null : decode(m.group(2));
            if (method.equals("GET")) {
                Compatibility mode = subject == null ? registry.defaultMode() : registry.mode(subject, flag(query, "defaultToGlobal"));
                return ok(Map.of("compatibilityLevel", mode.name()));
            }
            if (method.equals("PUT")) {
                return ok(Map.of("compatibility", registry.setMode(subject, request(body).path("compatibility").asText(null)).name()));
            }
        } else {
            return new Answer(404, error(404, "HTTP 404 Not Found"));
        }
        return new Answer(405, error(405, "HTTP 405 Method Not Allowed"));
    }

    private SchemaRegistry.Registered lookup(String subject, byte[] body) throws IOException {
        JsonNode req = request(body);
        return registry.lookup(subject, req.path("schema").asText(null), type(req));
    }

    private static Map<String, Object> view(SchemaRegistry.Registered r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", r.subject());
        m.put("version", r.version());
        m.put("id", r.id());
        m.put("schema", r.schema());
        return m;
    }

    private static JsonNode request(byte[] body) throws IOException {
        JsonNode req = Json.MAPPER.readTree(body);
        if (req == null || !req.isObject()) throw RegistryException.invalidSchema("Invalid request body: a JSON object is expected");
        if (req.path("references").size() > 0) {
            throw RegistryException.invalidSchema("Invalid schema: schema references are not supported by this registry");
        }
        return req;
    }

    private static String type(JsonNode req) {
        return req.path("schemaType").asText(null);
    }

    private static int id(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("Schema " + raw + " not found");
        }
    }

    private static boolean flag(Map<String, String> query, String name) {
        return Boolean.parseBoolean(query.getOrDefault(name, "false"));
    }

    // a raw path segment: percent-escapes decoded, a '+' kept (it is no space in a path)
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Answer ok(Object body) {
        return new Answer(200, body);
    }
}
