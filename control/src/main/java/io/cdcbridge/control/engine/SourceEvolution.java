package io.cdcbridge.control.engine;

import java.util.List;

/**
 * What a source that stopped its job under {@code 'schema-change.behavior' = 'evolve'} asks of the next version: the
 * Flink table declaring the source's columns, the definitions of the columns to add ({@code `note` STRING}) and the
 * new definitions of the columns to widen ({@code `qty` BIGINT}); or the tables created in the source's schema that
 * the statement's pattern takes ({@code newTables}, table names; then no table nor columns).
 */
public record SourceEvolution(String table, List<String> added, List<String> modified, List<String> newTables) {

    /** Copies the lists. */
    public SourceEvolution {
        added = List.copyOf(added);
        modified = List.copyOf(modified);
        newTables = newTables == null ? List.of() : List.copyOf(newTables);
    }

    /** Columns to add or widen. */
    public SourceEvolution(String table, List<String> added, List<String> modified) {
        this(table, added, modified, List.of());
    }
}
