package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** For a dialect whose upsert cannot test the tombstones itself: the query that finds the rows a newer delete hides. */
final class TombstoneCheck extends Binder {

    TombstoneCheck(Dialect dialect, Table data, SinkModel model) {
        super(dialect, data, model, model.upsert.inserted(), rows -> dialect.tombstoneCheck(model.upsert, rows).orElseThrow());
    }

    /** The rows no newer tombstone hides, in their order. */
    List<Change> visible(TargetConnection statements, Connection c, List<Change> rows, LocalDateTime now) throws SQLException {
        List<Change> visible = new ArrayList<>(rows.size());
        for (List<Change> group : groups(rows)) {
            Set<Integer> hidden = new HashSet<>();
            Sql check = sql(group.size());
            PreparedStatement s = statements.prepare(c, check);
            bind(s, check, group, now);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) hidden.add(rs.getInt(1));
            }
            for (int i = 0; i < group.size(); i++) if (!hidden.contains(i)) visible.add(group.get(i));
        }
        return visible;
    }
}
