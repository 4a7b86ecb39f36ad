package io.cdcbridge.control.engine;

/**
 * One record of a topic as it was written: its partition and offset, its key and value bytes (a null value is a
 * tombstone). Verification compares topics written with one format by these bytes.
 */
public record TopicRecord(int partition, long offset, byte[] key, byte[] value) {}
