package io.cdcbridge.control.statement;

/** A request about a statement that cannot be carried out, e.g. a wrong phase; {@link StatementNotFoundException} for an unknown name. */
public class StatementException extends RuntimeException {

    public StatementException(String message) {
        super(message);
    }
}
