package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The guarded upsert into the target. In soft-delete mode it writes deletes too, as the row the delete carries
 * with the flag column set. Where the dialect's upsert cannot test the tombstones itself, the rows a newer delete
 * hides are left out first ({@link TombstoneCheck}).
 */
final class UpsertBinder extends Binder {

    private final TombstoneCheck tombstoneCheck;

    UpsertBinder(Dialect dialect, Table data, SinkModel model) {
        super(dialect, data, model, model.upsert.inserted(), rows -> dialect.render(model.upsert, rows));
        boolean separateCheck = model.upsert.unlessTombstoned().isPresent() && dialect.tombstoneCheck(model.upsert, 1).isPresent();
        this.tombstoneCheck = separateCheck ? new TombstoneCheck(dialect, data, model) : null;
    }

    /** Upserts the rows no newer delete hides. */
    void write(TargetConnection statements, Connection c, List<Change> rows, LocalDateTime now) throws SQLException {
        List<Change> visible = tombstoneCheck == null ? rows : tombstoneCheck.visible(statements, c, rows, now);
        execute(statements, c, visible, now);
    }
}
