package io.cdcbridge.cli.topic;

/** One record read from a topic; a null value is a tombstone. */
public record TopicRecord(String topic, int partition, long offset, long timestamp, String key, String value) {

    public boolean tombstone() {
        return value == null;
    }
}
