package io.cdcbridge.bench.report;

import io.cdcbridge.bench.data.OltpLoad;
import java.util.List;

/** The figures every pipeline of a snapshot, streaming and OLTP benchmark reports: NaN where a scenario did not run. */
public interface PipelineRun {

    String pipeline();

    double snapshotRowsPerSecond();

    double streamingRowsPerSecond();

    double oltpTransactionsPerSecond();

    /** The probe's lag samples under the OLTP load; null when it did not run. */
    List<OltpLoad.Sample> lag();

    /** What stopped the pipeline, or null. */
    String error();

    default double lagPercentile(double q) {
        return lag() == null ? Double.NaN : OltpLoad.percentile(lag(), q);
    }
}
