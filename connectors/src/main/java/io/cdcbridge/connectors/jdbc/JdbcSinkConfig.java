package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.deadletter.DeadLetterTarget;
import io.cdcbridge.connectors.jdbc.dialect.Dialects;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@code cdcbridge-jdbc} table's settings, checked by {@link JdbcSinkOptions#ALL}, as they travel to the task managers in the job graph.
 *
 * @param url JDBC URL of the target
 * @param table the target table with the Flink table's physical columns and primary key
 * @param username user name, or null
 * @param password password, or null; left out of {@link #toString()}
 * @param versionColumn the version column, or null
 * @param deleteMode what deletes do
 * @param softDeleteColumn the flag column of soft deletes
 * @param autoCreate whether to create a missing target table
 * @param maxRows distinct keys buffered before a flush
 * @param interval longest wait of a buffered row; zero for none
 * @param maxRetries retries for an outage; -1 for ever
 * @param backoff the first pause between retries
 * @param backoffMax the longest pause between retries
 * @param tombstoneTable the table of hard deletes' versions
 * @param tombstoneRetention how long tombstones are kept
 * @param deadLetters where rejected rows go, or null to fail the job instead
 * @param nonFiniteFloats what NaN and infinities become for a target that cannot store them
 * @param connections the connections the job's writers in one process share to the database
 */
public record JdbcSinkConfig(String url, Table table, String username, String password, String versionColumn,
                             DeleteMode deleteMode, String softDeleteColumn, boolean autoCreate, int maxRows,
                             Duration interval, int maxRetries, Duration backoff, Duration backoffMax,
                             String tombstoneTable, Duration tombstoneRetention, DeadLetterTarget deadLetters,
                             NonFiniteFloats nonFiniteFloats, int connections)
        implements Serializable {

    /** The version column, if there is one. */
    public Optional<String> version() {
        return Optional.ofNullable(versionColumn);
    }

    /** The dead-letter topic, if there is one. */
    public Optional<DeadLetterTarget> deadLetterTarget() {
        return Optional.ofNullable(deadLetters);
    }

    /** The URL without what may hold a secret, for messages. */
    public String displayUrl() {
        return Dialects.redact(url);
    }

    /** The settings without the password and with the URL redacted. */
    @Override
    public String toString() {
        return "cdcbridge-jdbc(" + displayUrl() + ", table " + table.displayName() + ", user " + username
                + ", version " + versionColumn + ", delete " + deleteMode + ")";
    }
}
