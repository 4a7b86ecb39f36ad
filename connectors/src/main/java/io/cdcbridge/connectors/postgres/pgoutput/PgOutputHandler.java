package io.cdcbridge.connectors.postgres.pgoutput;

import java.util.List;

/**
 * Receives the decoded messages of pgoutput (protocol version 1), in the order the replication stream sends them:
 * a transaction is begin, its changes, commit. Relation messages are kept by the decoder and passed with each
 * change. LSNs are PostgreSQL's 64-bit log positions; times are microseconds since the Unix epoch.
 */
public interface PgOutputHandler {

    /** A transaction starts; {@code finalLsn} is the LSN of its commit record, known up front. */
    void begin(long finalLsn, long commitTimeMicros, long xid);

    /** A row was inserted. */
    void insert(Relation relation, TupleData newTuple);

    /**
     * A row was updated. {@code oldTuple} is null unless the key changed or the table's replica identity is FULL;
     * with FULL it holds the whole old row, with DEFAULT or an index only the old key columns ({@code oldIsKeyOnly}).
     */
    void update(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly, TupleData newTuple);

    /** A row was deleted; {@code oldTuple} holds the whole row (FULL) or only its key ({@code oldIsKeyOnly}). */
    void delete(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly);

    /** Tables were truncated. */
    void truncate(List<Relation> relations, boolean cascade, boolean restartIdentity);

    /** The transaction begun last committed at {@code commitLsn}; {@code endLsn} is where the next one may start. */
    void commit(long commitLsn, long endLsn, long commitTimeMicros);
}
