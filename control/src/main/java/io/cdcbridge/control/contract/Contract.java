package io.cdcbridge.control.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * A table others consume (a topic, a target table): its compatibility mode and every version of its schema, oldest
 * first, and the topic it is published on (null for a table that is not a topic): the schema registry serves its
 * versions as the subjects {@code <topic>-value} and {@code <topic>-key}.
 */
public record Contract(String table, Compatibility compatibility, List<ContractVersion> versions, String topic) {

    public Contract {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) throw new IllegalArgumentException("contract " + table + " has no version");
    }

    /** A contract whose table is no topic. */
    public Contract(String table, Compatibility compatibility, List<ContractVersion> versions) {
        this(table, compatibility, versions, null);
    }

    /** The newest version. */
    public ContractVersion latest() {
        return versions.get(versions.size() - 1);
    }

    /** The same contract with one more version. */
    public Contract withVersion(ContractVersion v) {
        List<ContractVersion> all = new ArrayList<>(versions);
        all.add(v);
        return new Contract(table, compatibility, all, topic);
    }

    /** The same contract under another mode. */
    public Contract withCompatibility(Compatibility mode) {
        return new Contract(table, mode, versions, topic);
    }

    /** The same contract published on another topic (null: none). */
    public Contract withTopic(String t) {
        return new Contract(table, compatibility, versions, t);
    }
}
