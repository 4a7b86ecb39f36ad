package io.cdcbridge.connectors.mysql.binlog;

import com.github.shyiko.mysql.binlog.GtidSet;
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

    /**
     * The MySQL executed GTID set this position holds ({@code uuid:1-5,uuid2:1-3}, maybe empty) as the binlog client
     * reads it, or null: none, MariaDB's GTID position, or a set with MySQL 8.4's tagged GTIDs ({@code uuid:tag:1-3}),
     * which the client cannot send (such a position is read by file and position).
     */
    public GtidSet mysqlGtidSet() {
        return mysqlGtidSet(gtid);
    }

    static GtidSet mysqlGtidSet(String gtid) {
        // MariaDB's positions (domain-server-sequence) have no colon
        if (gtid == null || !(gtid.isEmpty() || gtid.indexOf(':') >= 0)) return null;
        try {
            return new GtidSet(gtid);
        } catch (RuntimeException tagged) {
            return null;
        }
    }

    /** {@code binlog <file> position <position>}, as messages name it. */
    public String describe() {
        return "binlog " + file + " position " + position + (gtid == null || gtid.isEmpty() ? "" : " GTID set " + gtid);
    }
}
