package io.cdcbridge.cli.topic;

import java.util.Map;

/** One record read from a topic, its headers as text (a dead letter's reason is one); a null value is a tombstone. */
public record TopicRecord(String topic, int partition, long offset, long timestamp, String key, String value,
                          Map<String, String> headers) {

    public boolean tombstone() {
        return value == null;
    }
}
