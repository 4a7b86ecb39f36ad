package io.cdcbridge.control.engine;

import java.util.List;

/**
 * What a source that stopped its job under {@code 'schema-change.behavior' = 'evolve'} asks of the next version: the
 * Flink table declaring the source's columns, the definitions of the columns to add ({@code `note` STRING}) and the
 * new definitions of the columns to widen ({@code `qty` BIGINT}).
 */
public record SourceEvolution(String table, List<String> added, List<String> modified) {

    /** Copies the lists. */
    public SourceEvolution {
        added = List.copyOf(added);
        modified = List.copyOf(modified);
    }
}
