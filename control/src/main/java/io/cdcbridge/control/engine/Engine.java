package io.cdcbridge.control.engine;

import io.cdcbridge.control.statement.SourceOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The port a stream processing engine plugs into. The control plane knows nothing else of the engine:
 * whether jobs run on an embedded cluster or a remote one is the implementation's business. It describes the
 * connectors it runs ({@link ConnectorCatalog}).
 */
public interface Engine extends ConnectorCatalog, AutoCloseable {

    /** One line saying where jobs run, for the server's start message. */
    String describe();

    /** A scratch session holding the given definitions (variables filled in). */
    EngineSession openSession(Iterable<String> definitions) throws EngineException;

    /** Checks what a statement's job needs from the outside world (databases, brokers) before it is submitted. */
    void preflight(StatementJob job) throws EngineException;

    /**
     * The topic a table of this name is published on when its options name none (a CTAS's default): the name made
     * valid for Kafka as Debezium makes topic names valid.
     */
    String topicName(String tableName);

    /**
     * Makes the storage a table created by a script writes to (for Kafka tables, the topic: with {@code buckets}
     * partitions when given, else the broker's default), unless it exists; with {@code create} false only checks.
     * Refuses a bucket count the connector cannot have, or one an existing topic does not have.
     *
     * @param options the table's options, variables filled in
     */
    void prepareStorage(String table, Map<String, String> options, OptionalInt buckets, boolean create) throws EngineException;

    /**
     * Removes the storage of a scratch table cdcbridge made for itself (for Kafka tables, the topic: a verification's
     * dead-letter topic), if it exists.
     *
     * @param options the table's options, variables filled in
     */
    default void dropStorage(String table, Map<String, String> options) throws EngineException {}

    /**
     * The tables of {@code schema} in a source's system whose names {@code names} matches, each with its columns as
     * the source connector named in {@code sourceOptions} reads them and its primary key, in name order (a CREATE
     * DATABASE ... AS DATABASE expands to them); refuses a connector that cannot list a schema, a table without a
     * primary key or a column of a type the connector does not read, naming them.
     *
     * @param sourceOptions the source's options, variables filled in
     */
    default List<TableShape> schemaTables(Map<String, String> sourceOptions, String schema,
                                          java.util.function.Predicate<String> names) throws EngineException {
        throw new EngineException("this engine cannot read a source's schema");
    }

    /**
     * The end offsets now of each topic the statement's sinks write (its Kafka sink tables), one entry per table: taken
     * before its job starts and after it stops, they bound what it wrote.
     */
    default List<SourceOffset> sinkEnds(StatementJob job) {
        return List.of();
    }

    /**
     * The end offsets now of each topic the statement's Kafka sources read, one entry per table: taken after its job
     * was cancelled or failed, they bound what it may have read beyond its last checkpoint.
     */
    default List<SourceOffset> sourceEnds(StatementJob job) {
        return List.of();
    }

    /** The end offsets now of the topic a Kafka table's options name, per partition. */
    default Map<Integer, Long> topicEnds(Map<String, String> options) throws EngineException {
        throw new EngineException("this engine cannot read topics");
    }

    /**
     * Reads the records of the topic a Kafka table's options name, per partition from {@code from} (a partition not
     * named there: its earliest) to {@code to} (exclusive), in offset order within a partition.
     */
    default void readTopic(Map<String, String> options, Map<Integer, Long> from, Map<Integer, Long> to,
                           java.util.function.Consumer<TopicRecord> each) throws EngineException {
        throw new EngineException("this engine cannot read topics");
    }

    /**
     * Writes records (key and value bytes, a null value a tombstone) to that topic, partitioned by key as a sink does;
     * {@code records} is iterated once, as it comes (from disk, say).
     */
    default void writeTopic(Map<String, String> options, Iterable<TopicRecord> records) throws EngineException {
        throw new EngineException("this engine cannot write topics");
    }

    /** Submits the statement's job; returns its job id. */
    String submit(StatementJob job) throws EngineException;

    /** The current state of a job. */
    JobState state(String jobId);

    /** Stops a job with a savepoint under {@code savepointDir} (a URI); returns the savepoint's path. */
    String stopWithSavepoint(String jobId, String savepointDir) throws EngineException;

    /** Cancels a job without a savepoint. */
    void cancel(String jobId) throws EngineException;

    /**
     * Frees what a deleted statement's sources hold in the systems they read (a PostgreSQL replication slot), once
     * its job has stopped, except what a source of one of {@code others} (the statements that remain) holds too.
     * Never fails: returns one line per thing held, saying whether it was freed, kept and why, or is left to free by
     * hand and how.
     */
    List<String> release(StatementJob deleted, List<StatementJob> others);

    /**
     * Forgets what the engine worked out for a job it is asked about no more (a verification's bounded job, once it
     * ended, also when it failed): the engine keeps each statement's tables so that offsets and lag build no table
     * environment, and a job of scratch names would stay there for good. Frees nothing outside the engine.
     */
    default void forget(StatementJob job) {}

    /** The latest offsets each source of the statement acknowledges. */
    List<SourceOffset> offsets(StatementJob job);

    /**
     * The offsets each source of the statement had reached in a savepoint of its job: exactly where a new job must
     * start to continue it. Sources whose savepoint state the engine cannot read are given as {@link #offsets} says.
     */
    List<SourceOffset> savepointOffsets(StatementJob job, String savepoint);

    /**
     * How many records the statement's sources hold that it has not yet acknowledged (for Kafka: end offsets minus
     * the statement's committed offsets), or empty when no source can tell.
     */
    OptionalLong messagesBehind(StatementJob job);

    /** How far each source of the statement is behind its system (see {@link SourceLag}); empty where none can tell. */
    default List<SourceLag> lag(StatementJob job) {
        return List.of();
    }

    /**
     * The statement's dead letters from {@code offset} on, at most {@code limit} (see {@link DeadLetters}), read from
     * the dead-letter topics of its tables.
     */
    default DeadLetters deadLetters(StatementJob job, int offset, int limit) {
        return DeadLetters.none(offset, limit, "this engine cannot read dead letters");
    }

    /** What the engine counts for a running job (rows written, dead letters, restarts, checkpoints), if it can tell. */
    default Optional<JobMetrics> jobMetrics(String jobId) {
        return Optional.empty();
    }

    /**
     * Answers a query that changes nothing (SHOW TABLES, SHOW VIEWS, DESCRIBE, EXPLAIN, SELECT) on a session holding
     * {@code definitions}, with at most {@code maxRows} rows: a SELECT runs as a job that is cancelled once they came.
     */
    default QueryAnswer query(List<String> definitions, String sql, int maxRows) throws EngineException {
        throw new EngineException("this engine answers no queries");
    }

    /**
     * As {@link #query(List, String, int)}, a SELECT's job cancelled as soon as {@code cancel} completes, answering the
     * rows that came before (marked cancelled).
     */
    default QueryAnswer query(List<String> definitions, String sql, int maxRows, java.util.concurrent.CompletableFuture<Void> cancel)
            throws EngineException {
        return query(definitions, sql, maxRows);
    }

    /** The newest completed checkpoint kept under the statement's checkpoint directory (a URI), if any. */
    Optional<String> latestCheckpoint(String checkpointDir);

    /** The names of the folders in {@code dir} (a URI), none where it does not exist. */
    List<String> stateFolders(String dir) throws EngineException;

    /** Removes {@code dir} (a URI) and all in it; nothing where it does not exist. */
    void deleteState(String dir) throws EngineException;

    @Override
    void close();
}
