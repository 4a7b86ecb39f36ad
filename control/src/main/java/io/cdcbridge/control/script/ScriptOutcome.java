package io.cdcbridge.control.script;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cdcbridge.control.engine.QueryAnswer;
import io.cdcbridge.control.statement.Phase;

/**
 * What one statement of a script did: e.g. applied a definition, or created the named statement in a phase; a SHOW,
 * DESCRIBE or EXPLAIN's answer as {@code result}.
 */
public record ScriptOutcome(int line, StatementKind kind, String summary, String statementName, Phase phase, String detail,
                            @JsonInclude(JsonInclude.Include.NON_NULL) QueryAnswer result) {

    public ScriptOutcome(int line, StatementKind kind, String summary, String statementName, Phase phase, String detail) {
        this(line, kind, summary, statementName, phase, detail, null);
    }
}
