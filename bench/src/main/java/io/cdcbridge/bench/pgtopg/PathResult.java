package io.cdcbridge.bench.pgtopg;

import io.cdcbridge.bench.data.OltpLoad;
import io.cdcbridge.bench.report.PipelineRun;
import java.util.List;

/** What one pipeline achieved in one benchmark run; a scenario not run (or failed) leaves NaN and says why in error. */
public record PathResult(
        String pipeline,
        String description,
        double snapshotRowsPerSecond,
        String snapshotCheck,
        double streamingRowsPerSecond,
        String streamingCheck,
        double oltpTransactionsPerSecond,
        List<OltpLoad.Sample> lag,
        String oltpCheck,
        long peakHeapUsedBytes,
        long peakHeapLiveBytes,
        String error) implements PipelineRun {
}
