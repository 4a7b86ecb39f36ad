package io.cdcbridge.connectors.mysql.source;

import org.apache.flink.api.connector.source.SourceSplit;

/** A unit of work of the source: a key range of the snapshot, the binlog, or (in reader state only) finished chunks. */
public sealed interface MysqlSplit extends SourceSplit permits ChunkSplit, BinlogSplit, FinishedChunks {}
