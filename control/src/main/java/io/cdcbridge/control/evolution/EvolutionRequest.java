package io.cdcbridge.control.evolution;

import java.util.Map;

/**
 * The body of POST /v1/statements/{name}/evolve: the script of v2 (and the file name used in messages), the strategy,
 * and the options of {@code cdcbridge evolve}.
 *
 * @param from       where v2's sources start (reprocess, blue-green): epoch milliseconds or an ISO-8601 time; null: the start
 * @param noStop     leave v1 running after v2 caught up (blue-green, reprocess)
 * @param maxBehind  how many messages behind still counts as caught up (default 0)
 * @param timeoutSeconds how long v2 may take to catch up (default 600)
 */
public record EvolutionRequest(String file, String script, Strategy strategy, boolean dryRun, boolean noStop, String from,
                               Long maxBehind, Integer timeoutSeconds, Map<String, String> variables) {

    public EvolutionRequest {
        file = file == null ? "script" : file;
        if (script == null || script.isBlank()) throw new IllegalArgumentException("the request has no script for v2");
        if (strategy == null) throw new IllegalArgumentException("the request names no strategy");
        maxBehind = maxBehind == null ? 0L : maxBehind;
        timeoutSeconds = timeoutSeconds == null ? 600 : timeoutSeconds;
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
