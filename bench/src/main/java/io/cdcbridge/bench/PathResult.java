package io.cdcbridge.bench;

import java.util.List;

/** What one pipeline achieved in one benchmark run; a scenario not run (or failed) leaves NaN and says why in error. */
record PathResult(
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
        String error) {

    double lagPercentile(double q) {
        return lag == null ? Double.NaN : OltpLoad.percentile(lag, q);
    }
}
