package io.cdcbridge.connectors.postgres.source;

import org.apache.flink.table.data.RowData;

/** A row of one of the tables a source reads through its slot: the table's index in {@link SlotTables}, and the row. */
public record TableRow(int table, RowData row) {}
