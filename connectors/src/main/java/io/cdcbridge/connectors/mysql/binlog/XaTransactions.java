package io.cdcbridge.connectors.mysql.binlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * XA transactions as the binlog names them: MySQL and MariaDB write an XA transaction's rows at {@code XA PREPARE},
 * in a group an XA_PREPARE event ends, and its outcome later ({@code XA COMMIT X'gtrid',X'bqual',formatID}).
 */
public final class XaTransactions {

    private XaTransactions() {}

    /** An XID as the binlog writes it, from its parts: {@code x'gtrid',x'bqual',formatID}, hex in lower case. */
    public static String xid(int formatId, byte[] data, int gtridLength) {
        return written("X'" + HexFormat.of().formatHex(data, 0, gtridLength) + "',X'"
                + HexFormat.of().formatHex(data, gtridLength, data.length) + "'," + formatId);
    }

    /** An XID as an XA query writes it, in the form {@link #xid} gives. */
    public static String written(String xid) {
        return xid.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Where the first start of a reader at {@code at} must read from instead: the start of the earliest group of an XA
     * transaction prepared before {@code at} and not committed or rolled back yet (XA RECOVER), whose rows the binlog
     * holds before {@code at} and a snapshot taken now cannot see; empty when there is none. Reading from there
     * replays more over the snapshot, as changes committed during it are. Found by reading the binlog's files back
     * from {@code at} (SHOW BINLOG EVENTS), which only happens while such a transaction is prepared. The position has
     * no GTID: a MySQL reader reads it by file and position.
     */
    public static Optional<BinlogPosition> preparedBefore(Connection c, BinlogPosition at) throws SQLException {
        Set<String> pending = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("XA RECOVER"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) pending.add(xid(rs.getInt(1), rs.getBytes(4), rs.getInt(2)));
        }
        if (pending.isEmpty()) return Optional.empty();
        List<String> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SHOW BINARY LOGS"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) files.add(rs.getString(1));
        }
        BinlogPosition earliest = null;
        for (int f = files.indexOf(at.file()); f >= 0 && !pending.isEmpty(); f--) {
            String file = files.get(f);
            long first = -1;
            try (PreparedStatement ps = c.prepareStatement("SHOW BINLOG EVENTS IN '" + file.replace("'", "''") + "'");
                 ResultSet rs = ps.executeQuery()) {
                long groupStart = -1;
                while (rs.next()) {
                    long position = rs.getLong("Pos");
                    if (file.equals(at.file()) && position >= at.position()) break;
                    String type = rs.getString("Event_type");
                    String info = rs.getString("Info");
                    if (type.equalsIgnoreCase("Gtid") || type.equalsIgnoreCase("Anonymous_Gtid")) groupStart = position;
                    if (type.equalsIgnoreCase("XA_prepare") && info != null && groupStart >= 0
                            && pending.remove(written(info.replaceFirst("(?i)^XA PREPARE", ""))) && first < 0) {
                        first = groupStart;
                    }
                }
            }
            // an earlier file's is earlier still
            if (first >= 0) earliest = new BinlogPosition(file, first, null);
        }
        return Optional.ofNullable(earliest);
    }
}
