package io.cdcbridge.connectors.postgres.source;

import org.apache.flink.table.data.RowData;

/**
 * What the split reader hands to the emitter: a row (or none, when only the position moves) and, for the stream,
 * the position once it is emitted (see {@link StreamSplit}).
 */
record PgRecord(RowData row, long lsn, long emitted) {}
