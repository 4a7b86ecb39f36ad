package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Table;

/** The delete by key of hard-delete mode, guarded by the version column when there is one. */
final class DeleteBinder extends Binder {

    DeleteBinder(Dialect dialect, Table data, SinkModel model) {
        super(dialect, data, model, model.delete.bound(), rows -> dialect.render(model.delete, rows));
    }
}
