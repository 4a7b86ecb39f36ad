package io.cdcbridge.connectors.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.EventData;

/**
 * An update MySQL 8 wrote as JSON diffs (PARTIAL_UPDATE_ROWS_EVENT, with {@code binlog_row_value_options=PARTIAL_JSON}),
 * known by its table only: the binlog client does not decode its rows, and the diffs cannot be applied without the
 * whole documents, so a reader of its table stops at it rather than miss it.
 */
public record PartialJsonUpdate(long tableId) implements EventData {}
