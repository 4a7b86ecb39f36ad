package io.cdcbridge.control.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.Map;

/**
 * The body of POST /v1/scripts: the script's text, the file name used in messages, variable values, and how many
 * seconds a run waits for its new statements to run (absent: {@value #DEFAULT_WAIT_SECONDS}; 0: not at all).
 */
public record ScriptRequest(String file, String script, Map<String, String> variables, boolean dryRun, Integer waitSeconds) {

    /** How long a run waits by default for every new statement to run before it undoes the script. */
    public static final int DEFAULT_WAIT_SECONDS = 60;

    @JsonCreator
    public ScriptRequest {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        file = file == null ? "script" : file;
        if (waitSeconds != null && waitSeconds < 0) throw new IllegalArgumentException("wait_seconds must be 0 or more");
    }

    /** A request that waits the default time. */
    public ScriptRequest(String file, String script, Map<String, String> variables, boolean dryRun) {
        this(file, script, variables, dryRun, null);
    }

    /** How long the run waits for its new statements to run. */
    @JsonIgnore
    public Duration startWait() {
        return Duration.ofSeconds(waitSeconds == null ? DEFAULT_WAIT_SECONDS : waitSeconds);
    }
}
