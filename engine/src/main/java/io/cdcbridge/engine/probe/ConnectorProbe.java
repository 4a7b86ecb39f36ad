package io.cdcbridge.engine.probe;

import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.statement.SourceOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What cdcbridge checks and reads directly in the system a table connects to (a database, a broker): a preflight
 * before a job is submitted, so misconfiguration is reported at once and with what to do; the storage a new table
 * writes to; the positions the system acknowledges for a source, and those a savepoint holds; and what a source holds
 * between jobs. {@link io.cdcbridge.engine.connector.KnownConnectors} says which connector has which probe.
 */
public interface ConnectorProbe {

    /** The probe of a connector whose system cdcbridge does not look into. */
    ConnectorProbe NONE = new ConnectorProbe() {
        @Override
        public void preflight(String table, Map<String, String> options, boolean source) {}

        @Override
        public List<SourceOffset> offsets(String table, Map<String, String> options) {
            return List.of();
        }
    };

    /** Checks that the table can be used as a source (or sink); says what is wrong and what to do otherwise. */
    void preflight(String table, Map<String, String> options, boolean source) throws EngineException;

    /**
     * Checks, before a job starts, that the source's system still holds where it reads from: the position in
     * {@code restoreFrom} (a savepoint or checkpoint) when it is restored, else the one the options name, if any.
     */
    default void preflightPosition(String table, Map<String, String> options, String restoreFrom) throws EngineException {}

    /**
     * Makes, just before a job starts, what the source table needs in its system and its connector does not make
     * itself (a Kafka topic nothing has been published to yet).
     */
    default void prepareSource(String table, Map<String, String> options) throws EngineException {}

    /**
     * A check that the source's system still answers, taken every second while the statement's job runs: a database
     * gone away is seen in seconds, also while the connector itself waits (between its snapshot and its stream, or
     * for a connection); empty where the connector's own failure is soon enough.
     */
    default Optional<SourceCheck> check(String table, Map<String, String> options) {
        return Optional.empty();
    }

    /** The offsets the external system holds for this source table; empty where it keeps none. */
    List<SourceOffset> offsets(String table, Map<String, String> options);

    /**
     * Where the source table stood in a savepoint of the statement's job: exactly where a new job must start to
     * continue it. Where the probe cannot read the savepoint's state, as {@link #offsets} says.
     */
    default List<SourceOffset> savepointOffsets(String table, Map<String, String> options, String savepoint) {
        return offsets(table, options);
    }

    /**
     * Makes the storage a table created by a script writes to, with {@code buckets} partitions when given, unless it
     * exists; with {@code create} false only checks. Refuses buckets where the system has none.
     */
    default void prepareStorage(String table, Map<String, String> options, OptionalInt buckets, boolean create)
            throws EngineException {
        if (buckets.isPresent()) {
            throw new EngineException("table '" + table + "': DISTRIBUTED INTO " + buckets.getAsInt() + " BUCKETS needs a"
                    + " kafka or upsert-kafka table (a topic of that many partitions); connector '" + options.get("connector")
                    + "' has no buckets");
        }
    }

    /** Removes the storage of a scratch table cdcbridge made (a topic), if it exists. */
    default void dropStorage(String table, Map<String, String> options) throws EngineException {}

    /**
     * The options one statement's job reads this source table with, over the table's own: what keeps the offsets of
     * one statement apart from another's.
     */
    default Map<String, String> statementOptions(String statement, Map<String, String> options) {
        return Map.of();
    }

    /**
     * What the source table holds in its system between jobs (a replication slot), one key per thing, equal for every
     * table that holds the same thing; empty where it holds nothing.
     */
    default List<String> holds(String table, Map<String, String> options) {
        return List.of();
    }

    /**
     * Frees what {@link #holds} names, once the job that read the table has stopped. Never throws: one line per thing,
     * saying what was done, or what is left and how to do it by hand (never with a password).
     */
    default List<String> release(String table, Map<String, String> options) {
        return List.of();
    }

    /** How far the statement is behind on this source, as its system tells it; empty where this probe cannot tell. */
    default Optional<SourceLag> lag(String table, Map<String, String> options) {
        return Optional.empty();
    }

    /**
     * The tables of {@code schema} in the source's system whose names {@code names} matches, each with its columns as
     * the connector reads them and its primary key, in name order; refuses a connector that cannot list a schema.
     */
    default List<io.cdcbridge.control.engine.TableShape> schemaTables(Map<String, String> options, String schema,
                                                                      java.util.function.Predicate<String> names)
            throws EngineException {
        throw new EngineException("connector '" + options.get("connector") + "' cannot read a whole schema's tables");
    }
}
