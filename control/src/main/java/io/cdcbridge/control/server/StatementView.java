package io.cdcbridge.control.server;

import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementSpec;

/** How a statement is shown to anyone outside the server: the same record with every secret masked. */
public final class StatementView {

    private StatementView() {}

    /** A copy of the statement with secrets masked in its query, properties, definitions and values. */
    public static Statement of(Statement s) {
        StatementSpec spec = new StatementSpec(Redactor.sql(s.spec().statement()),
                Redactor.properties(s.spec().properties()), s.spec().stopped(), s.spec().principal());
        return new Statement(s.name(), spec, s.status(),
                s.definitions().stream().map(Redactor::sql).toList(), s.origin(), s.createdAt(), s.updatedAt(), s.lineage(),
                s.values() == null ? null : Redactor.properties(s.values()), s.stateDir());
    }
}
