package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A column of the source table as the stream last showed it: name, type, type modifier and its number in the table
 * ({@code attnum}, which a rename keeps; 0 when unknown), kept in the stream split.
 */
public record SourceColumn(String name, int typeOid, int typeModifier, int number) implements Serializable {

    /** A column whose number is not known. */
    public SourceColumn(String name, int typeOid, int typeModifier) {
        this(name, typeOid, typeModifier, 0);
    }

    /** The columns of a relation message, in its order (numbers unknown: the message has none). */
    static List<SourceColumn> of(Relation relation) {
        return relation.columns().stream().map(c -> new SourceColumn(c.name(), c.typeOid(), c.typeModifier())).toList();
    }

    /** These columns with the numbers {@code numbers} (attnum to name, as the catalog has them) gives their names. */
    static List<SourceColumn> numbered(List<SourceColumn> columns, Map<Integer, String> numbers) {
        return columns.stream().map(c -> new SourceColumn(c.name(), c.typeOid(), c.typeModifier(), numbers.entrySet().stream()
                .filter(e -> c.name().equals(e.getValue())).mapToInt(Map.Entry::getKey).findFirst().orElse(0))).toList();
    }

    /** Whether name, type and modifier are the same (the number aside: a relation message has none). */
    boolean sameShape(SourceColumn other) {
        return name.equals(other.name) && typeOid == other.typeOid && typeModifier == other.typeModifier;
    }
}
