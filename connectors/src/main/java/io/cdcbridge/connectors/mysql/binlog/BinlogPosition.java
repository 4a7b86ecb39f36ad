package io.cdcbridge.connectors.mysql.binlog;

import java.io.Serializable;

/**
 * A place in a server's binlog: a file and the position of an event in it, and the server's GTID position there
 * where it was asked for one (MariaDB's {@code domain-server-sequence} list; MySQL's executed GTID set, empty when
 * MySQL has none; null when unknown), shown to users beside the file position. cdcbridge-mysql reads MariaDB by file
 * and position, MySQL by its GTID set where the server has GTIDs on.
 */
public record BinlogPosition(String file, long position, String gtid) implements Serializable {

    /** The same place with another GTID position. */
    public BinlogPosition withGtid(String gtid) {
        return new BinlogPosition(file, position, gtid);
    }

    /** Whether the GTID position is MySQL's executed GTID set ({@code uuid:1-5,uuid2:1-3}, maybe empty). */
    public boolean hasMysqlGtidSet() {
        return gtid != null && (gtid.isEmpty() || gtid.indexOf(':') >= 0);
    }

    /** {@code binlog <file> position <position>}, as messages name it. */
    public String describe() {
        return "binlog " + file + " position " + position + (gtid == null || gtid.isEmpty() ? "" : " GTID set " + gtid);
    }
}
