package io.cdcbridge.bench.pgkafkamariadb;

import io.cdcbridge.bench.data.OltpLoad;
import io.cdcbridge.bench.report.PipelineRun;
import java.util.List;
import java.util.Map;

/**
 * What one pipeline of a Kafka-path benchmark achieved in one run: seconds from its submission to its running (part
 * of the snapshot's time), rates (NaN where a scenario did not run or failed), the target checks, the peak resident set of each of its processes by name, the average size of its change
 * events on the topic, the rate its sink applied that topic at when it was read again alone (NaN when not measured),
 * the CPU seconds each process used during the snapshot and the streaming, and the error that stopped it, if any.
 */
record KafkaPathResult(
        String pipeline,
        String description,
        double startSeconds,
        double snapshotRowsPerSecond,
        double streamingRowsPerSecond,
        double oltpTransactionsPerSecond,
        List<OltpLoad.Sample> lag,
        List<String> checks,
        Map<String, Long> peakRssBytes,
        double eventBytes,
        double applyAloneEventsPerSecond,
        Map<String, Double> snapshotCpuSeconds,
        Map<String, Double> streamingCpuSeconds,
        String error) implements PipelineRun {


    long totalRssBytes() {
        return peakRssBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean equal() {
        return error == null && checks.stream().allMatch(c -> c.startsWith("equal"));
    }
}
