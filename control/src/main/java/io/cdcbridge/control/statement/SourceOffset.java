package io.cdcbridge.control.statement;

import java.util.Map;

/**
 * How far a statement has read one source, as the source itself acknowledges it
 * (for Postgres CDC the replication slot's confirmed LSN, for Kafka a partition's committed offset).
 */
public record SourceOffset(String table, String connector, Map<String, String> position) {}
