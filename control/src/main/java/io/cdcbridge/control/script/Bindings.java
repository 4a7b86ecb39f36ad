package io.cdcbridge.control.script;

import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.workspace.Definition;
import io.cdcbridge.control.workspace.SecretStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds the {@code ${NAME}} references of what a run creates (a statement, a catalog definition) to that run's
 * values and keeps them with it, so that a restart, a resume or a later run with other values changes nothing it
 * reads or writes. Clear values are kept as they are; secret ones (by name, or used in a sensitive option) go to the
 * workspace's {@link SecretStore} and are kept as references; so do literal values of sensitive options.
 */
public final class Bindings {

    /** The owner of the catalog's secrets. */
    public static final String CATALOG = "catalog";

    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{" + SecretStore.PREFIX + "[^}]+}");

    private final SecretStore store;

    public Bindings(SecretStore store) {
        this.store = store;
    }

    /** The owner of a statement's secrets. */
    public static String owner(String statement) {
        return "statement:" + statement;
    }

    /**
     * The SQL text with the literal value of every sensitive option moved to the store, referenced. A value that
     * holds references (a SASL config with a {@code ${PASSWORD}} in it) stays: its variables are bound as secrets.
     */
    public String externalize(String sql, String owner) {
        return Redactor.replaceSensitiveOptions(sql, value -> value.contains("${") ? value : store.put(owner, value));
    }

    /**
     * The value of every name the texts and property values refer to, from {@code vars}; a secret one as a reference
     * to the store. Stored secrets referenced already are left to the store.
     *
     * @throws Variables.UnknownVariableException naming a reference {@code vars} has no value for
     */
    public Map<String, String> bind(Collection<String> texts, Map<String, String> properties, VariableSource vars,
                                    String owner) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> secret = new LinkedHashSet<>();
        for (String t : texts) {
            names.addAll(Variables.referenced(t));
            secret.addAll(Redactor.variablesInSensitiveOptions(t));
        }
        properties.forEach((k, v) -> {
            names.addAll(Variables.referenced(v));
            if (Redactor.isSensitive(k)) secret.addAll(Variables.referenced(v));
        });
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            if (name.startsWith(SecretStore.PREFIX)) continue;
            String value = vars.lookup(name).orElseThrow(() -> new Variables.UnknownVariableException(name));
            values.put(name, vars.isSecret(name) || secret.contains(name) ? store.put(owner, value) : value);
        }
        return values;
    }

    /**
     * A catalog definition as a statement's snapshot keeps it: clear values filled in, secrets as references. One
     * stored before definitions kept their values is bound to {@code legacy}, its secrets stored for the catalog.
     */
    public String snapshot(Definition d, VariableSource legacy) {
        Map<String, String> values = d.values() != null ? d.values() : bind(List.of(d.sql()), Map.of(), legacy, CATALOG);
        return Variables.resolve(d.sql(), name -> name.startsWith(SecretStore.PREFIX)
                ? Optional.of("${" + name + "}") : Optional.ofNullable(values.get(name)));
    }

    /** A catalog definition with its values filled in (one stored before definitions kept values: from {@code legacy}). */
    public String resolve(Definition d, VariableSource legacy) {
        return (d.values() != null ? source(d.values(), List.of(d.sql())) : legacy).resolve(d.sql());
    }

    /**
     * What bound texts resolve with: their values, secrets read from the store; every secret among them is one
     * for {@link VariableSource#secrets()}, to be masked out of messages, unless the texts show it in the open as
     * the value of another option (a database named as its password).
     */
    public VariableSource source(Map<String, String> values, Collection<String> texts) {
        Map<String, String> resolved = new LinkedHashMap<>();
        Set<String> secret = new LinkedHashSet<>();
        values.forEach((name, v) -> {
            if (SECRET_REFERENCE.matcher(v).matches()) {
                secret.add(name);
                stored(v).ifPresent(value -> resolved.put(name, value));
            } else {
                resolved.put(name, v);
            }
        });
        for (String t : texts) {
            var m = SECRET_REFERENCE.matcher(t);
            while (m.find()) {
                String name = m.group().substring(2, m.group().length() - 1);
                secret.add(name);
                stored(m.group()).ifPresent(value -> resolved.put(name, value));
            }
        }
        VariableSource source = VariableSource.of(List.of(resolved), name -> Optional.empty()).withSecretNames(secret);
        Set<String> open = new LinkedHashSet<>();
        for (String t : texts) open.addAll(Redactor.openOptionValues(source.resolve(t)));
        return source.withOpenValues(open);
    }

    private Optional<String> stored(String reference) {
        return store.get(reference.substring(2 + SecretStore.PREFIX.length(), reference.length() - 1));
    }
}
