package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceException;
import java.util.List;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * The stop of a stream under {@code 'schema-change.behavior' = 'evolve'} before changes a version of the statement
 * carries through: columns added to the table and declared columns whose type was widened, as the Flink column
 * definitions ({@code `note` STRING}, {@code `qty` BIGINT}) the Flink table {@code flinkTable} is to add and to
 * modify; or before the first change of tables created in the source's schema that its {@code 'new-tables.pattern'}
 * takes. cdcbridge's engine finds it among a failed job's causes; its message says the same in words.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public final class SchemaEvolution extends PostgresSourceException {

    private static final long serialVersionUID = 1L;

    private final String flinkTable;
    private final List<String> added;
    private final List<String> modified;
    private final List<String> newTables;

    SchemaEvolution(String message, String flinkTable, List<String> added, List<String> modified) {
        super(message);
        this.flinkTable = flinkTable;
        this.added = List.copyOf(added);
        this.modified = List.copyOf(modified);
        this.newTables = List.of();
    }

    /** The stop before the first change of tables created in the schema that {@code 'new-tables.pattern'} takes. */
    SchemaEvolution(String message, List<String> newTables) {
        super(message);
        this.flinkTable = null;
        this.added = List.of();
        this.modified = List.of();
        this.newTables = List.copyOf(newTables);
    }

    /** The Flink table that declares the source's columns (its name as the catalog has it). */
    public String flinkTable() {
        return flinkTable;
    }

    /** The definitions of the columns to add, e.g. {@code `note` STRING}. */
    public List<String> added() {
        return added;
    }

    /** The names of tables created in the source's schema that the statement is to read too (none for columns). */
    public List<String> newTables() {
        return newTables;
    }

    /** The new definitions of declared columns whose type was widened, e.g. {@code `qty` BIGINT}. */
    public List<String> modified() {
        return modified;
    }
}
