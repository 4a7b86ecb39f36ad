package io.cdcbridge.connectors.avro;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The part of Confluent Schema Registry's REST protocol a format needs: register a schema under a subject (its id),
 * and the schema an id names (kept once fetched: an id names one schema for good).
 */
public final class RegistryClient implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String authorization;
    private transient HttpClient http;
    private transient Map<Integer, String> schemas;

    /**
     * @param url           the registry's base URL (the first of a comma-separated list)
     * @param authorization the Authorization header's value, or null
     */
    public RegistryClient(String url, String authorization) {
        String first = url.split(",")[0].strip();
        this.url = first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
        this.authorization = authorization;
    }

    /** The registry's URL, for messages. */
    public String url() {
        return url;
    }

    /** Registers a schema under a subject (or finds it there): its id. */
    public int register(String subject, String schema) throws IOException {
        String body = JSON.writeValueAsString(Map.of("schema", schema));
        JsonNode answer = call(HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)), "registering the schema under subject '" + subject + "'");
        return answer.path("id").asInt();
    }

    /** A subject's version: the schema's id and the schema (JSON). */
    public record Version(int id, String schema) {}

    /** The latest version of a subject. */
    public Version latest(String subject) throws IOException {
        JsonNode v = call(HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions/latest")).GET(),
                "reading the latest version of subject '" + subject + "'");
        return new Version(v.path("id").asInt(), v.path("schema").asText());
    }

    /** The schema (JSON) an id names. */
    public String schema(int id) throws IOException {
        if (schemas == null) schemas = new ConcurrentHashMap<>();
        String known = schemas.get(id);
        if (known != null) return known;
        String s = call(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(), "reading schema id " + id).path("schema").asText();
        schemas.put(id, s);
        return s;
    }

    private JsonNode call(HttpRequest.Builder request, String what) throws IOException {
        if (http == null) http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        request.header("Content-Type", TYPE).header("Accept", TYPE).timeout(Duration.ofSeconds(30));
        if (authorization != null) request.header("Authorization", authorization);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " at the schema registry " + url + " was interrupted", e);
        } catch (IOException e) {
            throw new IOException(what + ": the schema registry " + url + " cannot be reached: " + e, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() / 100 != 2 || body == null) {
            String message = body != null && body.has("message") ? body.path("message").asText() + " (error "
                    + body.path("error_code").asText() + ")" : "HTTP " + response.statusCode();
            throw new IOException(what + ": the schema registry " + url + " answered: " + message);
        }
        return body;
    }

    private URI uri(String path) {
        return URI.create(url + path);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
