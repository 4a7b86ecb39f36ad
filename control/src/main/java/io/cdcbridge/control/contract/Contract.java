package io.cdcbridge.control.contract;

import java.util.ArrayList;
import java.util.List;

/** A table others consume (a topic, a target table): its compatibility mode and every version of its schema, oldest first. */
public record Contract(String table, Compatibility compatibility, List<ContractVersion> versions) {

    public Contract {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) throw new IllegalArgumentException("contract " + table + " has no version");
    }

    /** The newest version. */
    public ContractVersion latest() {
        return versions.get(versions.size() - 1);
    }

    /** The same contract with one more version. */
    public Contract withVersion(ContractVersion v) {
        List<ContractVersion> all = new ArrayList<>(versions);
        all.add(v);
        return new Contract(table, compatibility, all);
    }

    /** The same contract under another mode. */
    public Contract withCompatibility(Compatibility mode) {
        return new Contract(table, mode, versions);
    }
}
