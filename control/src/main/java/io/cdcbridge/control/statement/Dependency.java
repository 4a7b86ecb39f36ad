package io.cdcbridge.control.statement;

import io.cdcbridge.control.engine.TableShape;
import java.util.List;

/**
 * One catalog object a statement was compiled against: as the statement's snapshot has it, and whether the catalog
 * differs now. A later ALTER does not reach a statement that exists; this shows that it did not.
 *
 * @param changes  for CHANGED, what differs now, one phrase each
 * @param snapshot the object as the statement sees it (secrets masked)
 */
public record Dependency(String name, Role role, State state, List<String> changes, TableShape snapshot) {

    /** How the statement uses the object. */
    public enum Role { READS, WRITES, VIEW }

    /** How the catalog's object compares with the statement's snapshot. */
    public enum State { UNCHANGED, CHANGED, DROPPED }

    public Dependency {
        changes = List.copyOf(changes);
    }
}
