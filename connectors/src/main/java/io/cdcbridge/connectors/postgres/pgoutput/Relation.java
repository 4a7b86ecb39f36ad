package io.cdcbridge.connectors.postgres.pgoutput;

import java.util.List;

/**
 * A table as pgoutput describes it (a Relation message) before the first change of it in a replication session:
 * its columns in the order of every tuple that follows.
 */
public record Relation(int oid, String schema, String table, char replicaIdentity, List<Column> columns) {

    /** One column: its name, type, type modifier and whether it belongs to the replica identity (the key). */
    public record Column(String name, int typeOid, int typeModifier, boolean key) {}
}
