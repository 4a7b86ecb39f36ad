package io.cdcbridge.control.workspace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The workspace's secret values (passwords, SASL configs, tokens) in one owner-only file, apart from the catalog and
 * the statements, which hold references ({@code ${secret:ID}}) instead. An id starts with its owner
 * ({@code statement:NAME}, or {@code catalog}) so that a deleted statement's secrets go with it; a stored value never
 * changes.
 */
public final class SecretStore {

    /** How a stored secret is referenced in SQL text and in stored variable values. */
    public static final String PREFIX = "secret:";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> values;
    private final Consumer<Map<String, String>> persist;

    SecretStore(Map<String, String> values, Consumer<Map<String, String>> persist) {
        this.values = new LinkedHashMap<>(values);
        this.persist = persist;
    }

    /** The reference text for a secret id: {@code ${secret:ID}}. */
    public static String reference(String id) {
        return "${" + PREFIX + id + "}";
    }

    /** Stores a value for {@code owner} (reusing the owner's id for the same value) and returns its reference. */
    public synchronized String put(String owner, String value) {
        String prefix = owner + ":";
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getValue().equals(value)) return reference(e.getKey());
        }
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String id = prefix + HexFormat.of().formatHex(random);
        values.put(id, value);
        persist.accept(new LinkedHashMap<>(values));
        return reference(id);
    }

    /** The value stored under {@code id}, if any. */
    public synchronized Optional<String> get(String id) {
        return Optional.ofNullable(values.get(id));
    }

    /** Every stored value by the name its reference gives ({@code secret:ID}), as variables to resolve references with. */
    public synchronized Map<String, String> asVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((id, value) -> out.put(PREFIX + id, value));
        return out;
    }

    /** Forgets every secret whose id is not among {@code ids}. */
    public synchronized void retain(Set<String> ids) {
        if (values.keySet().retainAll(ids)) persist.accept(new LinkedHashMap<>(values));
    }

    /** Forgets every secret stored for {@code owner}. */
    public synchronized void removeOwner(String owner) {
        if (values.keySet().removeIf(k -> k.startsWith(owner + ":"))) persist.accept(new LinkedHashMap<>(values));
    }
}
