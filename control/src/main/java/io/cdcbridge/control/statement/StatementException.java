package io.cdcbridge.control.statement;

/** A request about a statement that cannot be carried out, e.g. an unknown name or a wrong phase. */
public class StatementException extends RuntimeException {

    private final boolean notFound;

    public StatementException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** Whether the statement named does not exist. */
    public boolean notFound() {
        return notFound;
    }
}
