package io.cdcbridge.control.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page of the dead letters a statement sent (records its sources could not decode, rows its targets refused), read
 * from its dead-letter topics: {@code total} letters of the statement in {@code topics} ({@code complete} false when
 * the reading stopped at its bound before the end), and those from {@code offset} on, at most {@code limit}, oldest
 * first by topic, partition and offset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetters(List<String> topics, long total, boolean complete, int offset, int limit, List<Letter> letters,
                          String unknown) {

    /**
     * One dead letter: where it lies, when it was written, why, where its record came from (topic, partition and
     * offset of a source record; the target table of a refused row), and previews of its key and value: text cut to
     * a length with secrets after sensitive keys masked, or base64 ({@code valueEncoding}) when not UTF-8.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Letter(String topic, int partition, long offset, Instant at, String reason, String origin, String key,
                         String value, String valueEncoding, int valueBytes, Map<String, String> headers) {}

    /** No dead-letter topic to read, and why. */
    public static DeadLetters none(int offset, int limit, String why) {
        return new DeadLetters(List.of(), 0, true, offset, limit, List.of(), why);
    }
}
