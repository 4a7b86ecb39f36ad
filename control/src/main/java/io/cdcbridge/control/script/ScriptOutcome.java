package io.cdcbridge.control.script;

import io.cdcbridge.control.statement.Phase;

/** What one statement of a script did: e.g. applied a definition, or created the named statement in a phase. */
public record ScriptOutcome(int line, StatementKind kind, String summary, String statementName, Phase phase, String detail) {}
