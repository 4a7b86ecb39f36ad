package io.cdcbridge.control.script;

/**
 * A script statement that cannot be applied: says which file, line (and column, where the engine names one) and
 * statement, and why. Positions the engine gives inside the statement are turned into positions in the file.
 */
public class ScriptException extends RuntimeException {

    private final String file;
    private final int line;
    private final Integer column;
    private final String statement;
    private final String reason;

    public ScriptException(String file, ScriptStatement at, String reason) {
        this(file, at, at.line() > 0 ? at.withFilePositions(reason) : reason, at.line() > 0 ? at.firstPosition(reason) : null);
    }

    private ScriptException(String file, ScriptStatement at, String reason, int[] position) {
        super(file + ":" + (position == null ? at.line() : position[0] + ":" + position[1]) + ": " + reason
                + "\n  in statement: " + at.summary());
        this.file = file;
        this.line = position == null ? at.line() : position[0];
        this.column = position == null ? null : position[1];
        this.statement = at.summary();
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** The line of the file the problem is on: where the engine places it, else where the statement starts. */
    public int line() {
        return line;
    }

    /** The column the engine places the problem at, or null where it names none. */
    public Integer column() {
        return column;
    }

    public String statement() {
        return statement;
    }

    public String reason() {
        return reason;
    }
}
