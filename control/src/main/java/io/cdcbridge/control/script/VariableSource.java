package io.cdcbridge.control.script;

import io.cdcbridge.control.secret.Redactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where variable values come from, first match wins: the request's {@code --var}s, then the server's own
 * (embedded service addresses, the server's environment), then values earlier requests passed and the workspace kept.
 */
public final class VariableSource {

    private final List<Map<String, String>> layers;
    private final Function<String, Optional<String>> computed;

    private VariableSource(List<Map<String, String>> layers, Function<String, Optional<String>> computed) {
        this.layers = layers;
        this.computed = computed;
    }

    /** Layers in order of precedence; {@code computed} answers names no layer has (e.g. savepoint:NAME). */
    public static VariableSource of(List<Map<String, String>> layers, Function<String, Optional<String>> computed) {
        return new VariableSource(List.copyOf(layers), computed);
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

    /** The values of every sensitive variable, to be masked out of messages. */
    public List<String> secrets() {
        Map<String, String> all = new LinkedHashMap<>();
        for (int i = layers.size() - 1; i >= 0; i--) all.putAll(layers.get(i));
        return all.entrySet().stream().filter(e -> Redactor.isSensitive(e.getKey())).map(Map.Entry::getValue).toList();
    }
}
