package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import java.io.Serializable;
import java.util.List;

/** A column of the source table as the stream last showed it: name, type and type modifier (kept in the stream split). */
public record SourceColumn(String name, int typeOid, int typeModifier) implements Serializable {

    /** The columns of a relation message, in its order. */
    static List<SourceColumn> of(Relation relation) {
        return relation.columns().stream().map(c -> new SourceColumn(c.name(), c.typeOid(), c.typeModifier())).toList();
    }
}
