package io.cdcbridge.control.registry;

import io.cdcbridge.control.contract.Compatibility;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the schema registry keeps beside the contracts, in the workspace: every schema id ever given (an id names one
 * schema for good, also after its subject is deleted), the subjects clients registered that no contract owns, and the
 * mode of such subjects by default.
 *
 * @param schemas     schema id -> the schema, as Avro writes it back after parsing
 * @param subjects    subject -> its registered versions
 * @param defaultMode the global compatibility level (for subjects no contract owns); null: BACKWARD
 */
public record RegistryState(Map<Integer, String> schemas, Map<String, Subject> subjects, Compatibility defaultMode) {

    public RegistryState {
        schemas = schemas == null ? Map.of() : new TreeMap<>(schemas);
        subjects = subjects == null ? Map.of() : new TreeMap<>(subjects);
    }

    /** Nothing registered yet. */
    public static RegistryState empty() {
        return new RegistryState(Map.of(), Map.of(), null);
    }

    /**
     * A subject a client registered: its versions (each a schema id), its own mode (null: the global one) and whether
     * it was deleted (soft, as Schema Registry does first: hidden, its ids still resolve).
     */
    public record Subject(List<Version> versions, Compatibility mode, boolean deleted) {

        public Subject {
            versions = versions == null ? List.of() : List.copyOf(versions);
        }
    }

    /** One registered version of a subject. */
    public record Version(int version, int id) {}
}
