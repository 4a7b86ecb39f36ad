package io.cdcbridge.cli;

import io.cdcbridge.control.workspace.Json;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** What {@code cluster stop} and {@code kafka stop} print: what was stopped, or that nothing was recorded. */
final class StopOutput {

    private StopOutput() {
    }

    /** {@code --json}: {"stopped": bool, key: the recorded state or {}}; else one line. */
    static <T> void print(boolean json, String key, Optional<T> stopped, Function<T, String> line, String none)
            throws Exception {
        if (json) {
            System.out.println(Json.MAPPER.writeValueAsString(Map.of("stopped", stopped.isPresent(),
                    key, stopped.map(Object.class::cast).orElse(Map.of()))));
        } else {
            System.out.println(stopped.map(line).orElse(none));
        }
    }
}
