package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import io.cdcbridge.connectors.jdbc.dialect.Upsert;

/** A hard delete's key, version and time of writing, upserted into the tombstone table. */
final class TombstoneBinder extends Binder {

    TombstoneBinder(Dialect dialect, Table data, SinkModel model, Upsert tombstone) {
        super(dialect, data, model, tombstone.inserted(), rows -> dialect.render(tombstone, rows));
    }
}
