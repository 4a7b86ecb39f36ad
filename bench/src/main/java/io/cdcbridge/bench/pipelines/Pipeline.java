package io.cdcbridge.bench.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One way of moving the customers table into the target: the Flink SQL sink options and the statement properties.
 * Every pipeline reads the same table (postgres-cdc or cdcbridge-postgres) and runs the seed-000 mapping; only these differ.
 */
public record Pipeline(String name, String description, Map<String, String> sourceOptions, Map<String, String> sinkOptions,
                       Map<String, String> properties) {

    /** The seeds' way: postgres-cdc and Flink's stock JDBC sink with their defaults. */
    public static Pipeline stockDefaults() {
        return new Pipeline("stock-defaults", "postgres-cdc -> stock jdbc sink, defaults",
                STOCK_SOURCE, Map.of("connector", "jdbc"), STOCK_PROPERTIES);
    }

    /** The stock path tuned as far as its options go (chunk 50k, backfill skipped, flush 1000). */
    public static Pipeline stockTuned() {
        return new Pipeline("stock-tuned", "postgres-cdc -> stock jdbc sink, tuned (chunk 50k, backfill skipped, flush 1000)",
                stock(tunedSource()), Map.of("connector", "jdbc", "sink.buffer-flush.max-rows", "1000"), STOCK_PROPERTIES);
    }

    /** cdcbridge end to end: its own PostgreSQL source (COPY snapshot, pgoutput stream) and its sink. */
    public static Pipeline cdcbridge() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector", "cdcbridge-postgres");
        source.put("scan.incremental.snapshot.chunk.size", "50000");
        return new Pipeline("cdcbridge", "cdcbridge-postgres -> cdcbridge-jdbc (version guard on updated_at)",
                source, cdcbridgeSink(), SINK_PROPERTIES);
    }

    /** cdcbridge's sink on postgres-cdc (tuned): what the sink alone gains over the stock path. */
    public static Pipeline cdcbridgeSinkOnly() {
        return new Pipeline("cdcbridge-sink", "postgres-cdc (tuned) -> cdcbridge-jdbc (version guard on updated_at)",
                tunedSource(), cdcbridgeSink(), SINK_PROPERTIES);
    }

    // flushes at 5000 keys or 10 ms, the sink's defaults
    private static Map<String, String> cdcbridgeSink() {
        return Map.of("connector", "cdcbridge-jdbc", "version-column", "updated_at");
    }

    // as the sink's README asks with a version column: the guard orders the changes, not a materializer
    private static final Map<String, String> SINK_PROPERTIES = Map.of("table.exec.sink.upsert-materialize", "NONE");

    // Debezium's own poll interval, pinned: cdcbridge's engine sets 50 ms where a table leaves it out (KnownConnectors)
    private static final Map<String, String> STOCK_SOURCE = Map.of("connector", "postgres-cdc", "debezium.poll.interval.ms", "500");

    // Flink's own network buffer timeout and copying between operators, pinned: cdcbridge's statements default to
    // 10 ms and object reuse (StatementDefaults)
    private static final Map<String, String> STOCK_PROPERTIES = Map.of("execution.buffer-timeout.interval", "100ms",
            "pipeline.object-reuse", "false");

    private static Map<String, String> stock(Map<String, String> source) {
        Map<String, String> out = new LinkedHashMap<>(source);
        out.putAll(STOCK_SOURCE);
        return out;
    }

    private static Map<String, String> tunedSource() {
        return Map.of("connector", "postgres-cdc", "scan.incremental.snapshot.chunk.size", "50000",
                "scan.incremental.snapshot.backfill.skip", "true");
    }

    /** The pipelines by name, in the order they run. */
    public static Map<String, Pipeline> all() {
        Map<String, Pipeline> out = new LinkedHashMap<>();
        for (Pipeline p : new Pipeline[] {stockDefaults(), stockTuned(), cdcbridgeSinkOnly(), cdcbridge()}) out.put(p.name(), p);
        return out;
    }
}
