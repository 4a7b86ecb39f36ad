package io.cdcbridge.connectors.postgres.source;

import org.apache.flink.api.connector.source.SourceSplit;

/** A unit of work of the source: a key range of the snapshot, the stream, or (in reader state only) finished snapshot splits. */
public sealed interface PgSplit extends SourceSplit permits SnapshotSplit, StreamSplit, FinishedSnapshotSplits {}
