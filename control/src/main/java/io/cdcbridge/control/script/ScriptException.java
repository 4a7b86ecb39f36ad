package io.cdcbridge.control.script;

/** A script statement that cannot be applied: says which file, line and statement, and why. */
public class ScriptException extends RuntimeException {

    private final String file;
    private final int line;
    private final String statement;
    private final String reason;

    public ScriptException(String file, ScriptStatement at, String reason) {
        super(file + ":" + at.line() + ": " + reason + "\n  in statement: " + at.summary());
        this.file = file;
        this.line = at.line();
        this.statement = at.summary();
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String statement() {
        return statement;
    }

    public String reason() {
        return reason;
    }
}
