package io.cdcbridge.cli.topic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A file of events as `cdcbridge produce` reads it: a JSON array, or one event a
 * line (JSON Lines). Each event is the bytes to publish, with its number and the line it starts on. A string element
 * of an array is published as its text, so that an array can hold a payload that is not JSON (a malformed event).
 * A line is published as the bytes it holds (its line break, LF or CRLF, left out), in whatever encoding: a file
 * need not be UTF-8. Raw, every file is read as lines, also one that starts with '['.
 */
public final class EventFile {

    /** One event of the file: its number (from 1), the line it starts on, and the bytes to publish. */
    public record Event(int number, int line, byte[] value) {}

    // Numbers are written back exactly as the file has them (no binary floating point in between).
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final Path path;
    private final boolean raw;

    public EventFile(Path path) {
        this(path, false);
    }

    /** @param raw every line as its bytes, without looking for a JSON array */
    public EventFile(Path path, boolean raw) {
        this.path = path;
        this.raw = raw;
    }

    /** How many events the file holds; also checks that it reads as a whole, before anything is published. */
    public int count() {
        int[] n = {0};
        forEach(e -> n[0]++);
        return n[0];
    }

    /** Calls {@code consumer} for each event in order; an unreadable file or broken array fails with where. */
    public void forEach(Consumer<Event> consumer) {
        try {
            if (!raw && isArray()) readArray(consumer);
            else readLines(consumer);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(path + ": not a JSON array of events: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private boolean isArray() throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (!Character.isWhitespace(b) && b != 0xEF && b != 0xBB && b != 0xBF) return b == '[';
            }
        }
        return false;
    }

    private void readArray(Consumer<Event> consumer) throws IOException {
        try (JsonParser p = MAPPER.createParser(Files.newInputStream(path))) {
            p.nextToken();
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) throw new IllegalArgumentException(path + ": the JSON array is not closed");
                int line = p.currentTokenLocation().getLineNr();
                byte[] value = t == JsonToken.VALUE_STRING
                        ? p.getText().getBytes(StandardCharsets.UTF_8)
                        : MAPPER.writeValueAsBytes(MAPPER.readTree(p));
                consumer.accept(new Event(++n, line, value));
            }
        }
    }

    private void readLines(Consumer<Event> consumer) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            int n = 0;
            int line = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    byte[] bytes = current.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    if (!isBlank(bytes, length)) consumer.accept(new Event(++n, line, Arrays.copyOf(bytes, length)));
                    if (b < 0) return;
                    current.reset();
                    line++;
                } else {
                    current.write(b);
                }
            }
        }
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') return false;
        }
        return true;
    }
}
