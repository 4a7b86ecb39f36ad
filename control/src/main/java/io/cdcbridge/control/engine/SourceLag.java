package io.cdcbridge.control.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How far one source of a statement is behind its system, as that system tells it: for Kafka the messages behind per
 * partition (end offset minus the statement's committed offset), for a PostgreSQL replication slot the WAL bytes it
 * retains (current WAL position minus the slot's restart LSN). {@code unknown} says why when the system cannot tell.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceLag(
        String table,
        String connector,
        SortedMap<Integer, Long> partitionsBehind,
        Long messagesBehind,
        Long walBytesRetained,
        String unknown) {

    public SourceLag {
        partitionsBehind = partitionsBehind == null ? null : new TreeMap<>(partitionsBehind);
    }

    /** A Kafka source: messages behind per partition, and their sum. */
    public static SourceLag kafka(String table, String connector, Map<Integer, Long> behind) {
        long sum = behind.values().stream().mapToLong(Long::longValue).sum();
        return new SourceLag(table, connector, new TreeMap<>(behind), sum, null, null);
    }

    /** A PostgreSQL source: the WAL bytes its replication slot retains. */
    public static SourceLag wal(String table, String connector, long bytes) {
        return new SourceLag(table, connector, null, null, bytes, null);
    }

    /** The same lag told for another table (one that reads the same replication slot). */
    public SourceLag of(String otherTable) {
        return new SourceLag(otherTable, connector, partitionsBehind, messagesBehind, walBytesRetained, unknown);
    }

    /** A source whose lag cannot be told now, and why. */
    public static SourceLag unknown(String table, String connector, String why) {
        return new SourceLag(table, connector, null, null, null, why);
    }
}
