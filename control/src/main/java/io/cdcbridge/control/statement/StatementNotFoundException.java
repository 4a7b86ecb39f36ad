package io.cdcbridge.control.statement;

/** A request names a statement that does not exist. */
public final class StatementNotFoundException extends StatementException {

    public StatementNotFoundException(String name) {
        super("no statement named '" + name + "'");
    }
}
