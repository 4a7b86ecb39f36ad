package io.cdcbridge.control.contract;

import java.util.List;

/**
 * What one statement of a script does to one contract, for {@code contracts check} and the outcome of a run.
 *
 * @param version  the version the change makes (for REFUSED, the one it would have made)
 * @param changes  what changes in the schema, one phrase each
 * @param problem  for REFUSED, why
 * @param origin   the script statement, as {@code file:line}
 */
public record ContractEffect(String table, Outcome outcome, int version, Compatibility compatibility,
                             List<String> changes, String problem, String origin) {

    /** The kinds of effect. */
    public enum Outcome {
        /** A new contract with its first version. */
        CREATED,
        /** A compatible change: a new version. */
        NEW_VERSION,
        /** The compatibility mode changes; the schema does not. */
        MODE_CHANGED,
        /** An incompatible change: refused. */
        REFUSED
    }

    public ContractEffect {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** One line for a person, e.g. {@code customers_public: version 2 (column 'x' STRING added), BACKWARD compatible}. */
    public String summary() {
        return switch (outcome) {
            case CREATED -> table + ": new contract, version 1 (" + compatibility + ")";
            case NEW_VERSION -> table + ": version " + version + " (" + String.join("; ", changes) + "), " + compatibility + " compatible";
            case MODE_CHANGED -> table + ": compatibility " + compatibility;
            case REFUSED -> problem;
        };
    }
}
