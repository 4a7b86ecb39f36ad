package io.cdcbridge.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Confluent's own Node.js schema registry client (`@confluentinc/schemaregistry`, its Avro serializer and
 * deserializer), a third party to cdcbridge: installed into {@code target/avro-node} with {@code npm ci} from the
 * pinned lock file in the test resources, as CI can on a fresh machine (Node and npm on the PATH), and kept there
 * for later runs; driven through {@code roundtrip.js}.
 */
public final class NodeAvroClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "roundtrip.js");

    private final Path dir;

    private NodeAvroClient(Path dir) {
        this.dir = dir;
    }

    /** The client, installed first if {@code target/avro-node} does not hold it yet. */
    public static synchronized NodeAvroClient install() throws Exception {
        Path dir = Path.of("target", "avro-node").toAbsolutePath();
        Files.createDirectories(dir);
        boolean changed = false;
        for (String f : FILES) {
            try (InputStream in = NodeAvroClient.class.getResourceAsStream("/avro-node/" + f)) {
                byte[] bytes = in.readAllBytes();
                Path target = dir.resolve(f);
                if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                    Files.write(target, bytes);
                    changed |= !f.equals("roundtrip.js");
                }
            }
        }
        if (changed || !Files.isDirectory(dir.resolve("node_modules/@confluentinc/schemaregistry"))) {
            run(dir, null, 600, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
        }
        return new NodeAvroClient(dir);
    }

    /** Records as the topic holds them (key and value base64, or null) decoded to JSON: {"key": ..., "value": ...}. */
    public JsonNode decode(String registryUrl, String topic, JsonNode records) throws Exception {
        return JSON.readTree(run(dir, JSON.writeValueAsString(records), 120, "node", "roundtrip.js", "decode", registryUrl, topic));
    }

    /** Keys and values as JSON encoded with the subjects' latest versions: {"key": base64, "value": base64}. */
    public JsonNode encode(String registryUrl, String topic, JsonNode records) throws Exception {
        return JSON.readTree(run(dir, JSON.writeValueAsString(records), 120, "node", "roundtrip.js", "encode", registryUrl, topic));
    }

    private static String run(Path dir, String input, int seconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var stdin = p.getOutputStream()) {
                if (input != null) stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took more than " + seconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
