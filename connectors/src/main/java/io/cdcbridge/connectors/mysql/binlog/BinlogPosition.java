package io.cdcbridge.connectors.mysql.binlog;

import java.io.Serializable;

/**
 * A place in a server's binlog: a file and the position of an event in it, and the server's GTID position there
 * where it was asked for one (MariaDB's {@code domain-server-sequence} list, MySQL's GTID set; null when unknown),
 * shown to users beside the file position, which is what cdcbridge-mysql reads from.
 */
public record BinlogPosition(String file, long position, String gtid) implements Serializable {

    /** The same place with another GTID position. */
    public BinlogPosition withGtid(String gtid) {
        return new BinlogPosition(file, position, gtid);
    }

    /** {@code binlog <file> position <position>}, as messages name it. */
    public String describe() {
        return "binlog " + file + " position " + position + (gtid == null || gtid.isEmpty() ? "" : " GTID set " + gtid);
    }
}
