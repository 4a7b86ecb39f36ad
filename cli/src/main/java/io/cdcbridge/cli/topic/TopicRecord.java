package io.cdcbridge.cli.topic;

import java.util.Map;

/** One record read from a topic, its headers as text (a dead letter's reason is one); a null value is a tombstone. */
public record TopicRecord(String topic, int partition, long offset, long timestamp, String key, String value,
                          Map<String, String> headers) {

    /** A record without headers, e.g. one to write. */
    public TopicRecord(String topic, int partition, long offset, long timestamp, String key, String value) {
        this(topic, partition, offset, timestamp, key, value, Map.of());
    }

    /** A copy of the headers in their order (a header may have no value), so the record stays immutable. */
    public TopicRecord {
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    public boolean tombstone() {
        return value == null;
    }
}
