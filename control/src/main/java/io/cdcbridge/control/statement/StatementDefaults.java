package io.cdcbridge.control.statement;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties every new statement starts with before a script's SETs: checkpoints every 10 s (as the seeds do)
 * and a bounded restart strategy, so a failing job ends FAILED with its reason instead of restarting forever.
 */
public final class StatementDefaults {

    private StatementDefaults() {}

    /** The built-in defaults, overridden by the server's {@code --set} and then by a script's SET. */
    public static Map<String, String> builtIn() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("execution.checkpointing.interval", "10s");
        p.put("restart-strategy.type", "fixed-delay");
        p.put("restart-strategy.fixed-delay.attempts", "3");
        p.put("restart-strategy.fixed-delay.delay", "2s");
        return p;
    }
}
