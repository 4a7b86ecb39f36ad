package io.cdcbridge.connectors.jdbc.dialect;

import java.io.Serializable;
import java.util.Optional;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * A column: its name, its Flink type (how values are bound, which SQL type auto-create gives it), and the type
 * the target database declares for it, once the sink has looked (statements cast to it where they must).
 */
public record Column(String name, LogicalType type, String declaredType) implements Serializable {

    /** A column whose database type is not known (yet). */
    public Column(String name, LogicalType type) {
        this(name, type, null);
    }

    /** The type the database declares for the column, once known. */
    public Optional<String> databaseType() {
        return Optional.ofNullable(declaredType);
    }

    /** Whether the column takes NULL. */
    public boolean nullable() {
        return type.isNullable();
    }

    /** The same column with the type the database declares for it. */
    public Column withDatabaseType(String declared) {
        return new Column(name, type, declared);
    }
}
