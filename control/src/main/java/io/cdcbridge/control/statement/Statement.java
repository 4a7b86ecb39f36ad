package io.cdcbridge.control.statement;

import java.time.Instant;
import java.util.List;

/**
 * A named, managed INSERT (or statement set): its immutable spec, the snapshot of the catalog definitions it was
 * compiled against (so a later ALTER does not change it), where it came from, and its status.
 *
 * @param lineage the statement it evolved from and how, or null for a statement a script created
 */
public record Statement(
        String name,
        StatementSpec spec,
        StatementStatus status,
        List<String> definitions,
        String origin,
        Instant createdAt,
        Instant updatedAt,
        Lineage lineage) {

    public Statement {
        definitions = List.copyOf(definitions);
    }

    public Statement withStatus(StatementStatus s) {
        return new Statement(name, spec, s, definitions, origin, createdAt, Instant.now(), lineage);
    }

    public Statement withSpec(StatementSpec s) {
        return new Statement(name, s, status, definitions, origin, createdAt, Instant.now(), lineage);
    }

    public Statement withLineage(Lineage l) {
        return new Statement(name, spec, status, definitions, origin, createdAt, Instant.now(), l);
    }
}
