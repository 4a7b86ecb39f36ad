package io.cdcbridge.control.server;

import java.util.Map;

/** The body of POST /v1/scripts: the script's text, the file name used in messages, and variable values. */
public record ScriptRequest(String file, String script, Map<String, String> variables, boolean dryRun) {

    public ScriptRequest {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        file = file == null ? "script" : file;
    }
}
