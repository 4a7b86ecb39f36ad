package io.cdcbridge.control.script;

import io.cdcbridge.control.secret.Redactor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where variable values come from, first match wins: for a script, the request's {@code --var}s, then the server's
 * own (embedded service addresses, the server's environment); for a statement, the values it was compiled with.
 */
public final class VariableSource {

    private final List<Map<String, String>> layers;
    private final Function<String, Optional<String>> computed;
    private final Set<String> secretNames;
    private final Set<String> openValues;

    private VariableSource(List<Map<String, String>> layers, Function<String, Optional<String>> computed,
                           Set<String> secretNames, Set<String> openValues) {
        this.layers = layers;
        this.computed = computed;
        this.secretNames = secretNames;
        this.openValues = openValues;
    }

    /** Layers in order of precedence; {@code computed} answers names no layer has (e.g. savepoint:NAME). */
    public static VariableSource of(List<Map<String, String>> layers, Function<String, Optional<String>> computed) {
        return new VariableSource(List.copyOf(layers), computed, Set.of(), Set.of());
    }

    /** The same values, with {@code names} holding secrets too (besides those whose names say so). */
    public VariableSource withSecretNames(Set<String> names) {
        Set<String> all = new HashSet<>(secretNames);
        all.addAll(names);
        return new VariableSource(layers, computed, Set.copyOf(all), openValues);
    }

    /** The same values, knowing {@code values} are shown in the open (a database's name), so never masked. */
    public VariableSource withOpenValues(Set<String> values) {
        Set<String> all = new HashSet<>(openValues);
        all.addAll(values);
        return new VariableSource(layers, computed, secretNames, Set.copyOf(all));
    }

    /** Whether the variable holds a secret: by its name, or because it was declared one. */
    public boolean isSecret(String name) {
        return Redactor.isSensitive(name) || secretNames.contains(name);
    }

    /** The value of a variable, if any layer has it. */
    public Optional<String> lookup(String name) {
        for (Map<String, String> layer : layers) {
            String v = layer.get(name);
            if (v != null) return Optional.of(v);
        }
        return computed.apply(name);
    }

    /** Fills every reference in {@code text}. */
    public String resolve(String text) {
        return Variables.resolve(text, this::lookup);
    }

    /**
     * The values of every secret variable, to be masked out of messages; except a value some other variable holds
     * in the open (a password equal to the database's name is no secret, and masking it would garble the name).
     */
    public List<String> secrets() {
        Map<String, String> all = new LinkedHashMap<>();
        for (int i = layers.size() - 1; i >= 0; i--) all.putAll(layers.get(i));
        Set<String> open = new HashSet<>(openValues);
        all.forEach((k, v) -> {
            if (!isSecret(k)) open.add(v);
        });
        return all.entrySet().stream().filter(e -> isSecret(e.getKey()) && !open.contains(e.getValue()))
                .map(Map.Entry::getValue).toList();
    }
}
