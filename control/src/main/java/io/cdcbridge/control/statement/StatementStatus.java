package io.cdcbridge.control.statement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a statement is: its phase, why (for a failure), its current job, for a stopped statement its savepoint and
 * the latest offsets per source with the time they were taken, and its most recent errors (each time it entered a
 * phase with a reason: a failure, a restart, a start tried again, a stop that could not be taken), newest last;
 * the range of each topic its sinks write that it wrote ({@link OutputRange}); for one stopped without a savepoint or
 * failed, the ends of its Kafka sources' topics then ({@code inputEnds}): its latest offsets are those of its last
 * checkpoint, and it may have read (and written from) input up to these.
 */
public record StatementStatus(
        Phase phase,
        String detail,
        String jobId,
        String savepoint,
        List<SourceOffset> latestOffsets,
        Instant latestOffsetsTimestamp,
        List<RecentError> recentErrors,
        List<OutputRange> outputRanges,
        List<SourceOffset> inputEnds) {

    /** How many errors a status keeps. */
    public static final int RECENT_ERRORS = 10;

    /** An error of the statement: when, the phase it put the statement in, and the reason. */
    public record RecentError(Instant at, Phase phase, String message) {}

    public StatementStatus {
        latestOffsets = latestOffsets == null ? List.of() : SourceOffset.merged(latestOffsets);
        recentErrors = recentErrors == null ? List.of() : List.copyOf(recentErrors);
        outputRanges = outputRanges == null ? List.of() : List.copyOf(outputRanges);
        inputEnds = inputEnds == null ? List.of() : SourceOffset.merged(inputEnds);
    }

    /** A fresh status in the given phase. */
    public static StatementStatus of(Phase phase, String detail) {
        return new StatementStatus(phase, null, null, null, List.of(), null, List.of(), List.of(), List.of()).withPhase(phase, detail);
    }

    /** In phase {@code p} for reason {@code d} (null: none); a reason other than the current one is kept as an error. */
    public StatementStatus withPhase(Phase p, String d) {
        List<RecentError> errors = recentErrors;
        if (d != null && !d.equals(detail)) {
            List<RecentError> more = new ArrayList<>(recentErrors);
            more.add(new RecentError(Instant.now(), p, d));
            errors = more.subList(Math.max(0, more.size() - RECENT_ERRORS), more.size());
        }
        return new StatementStatus(p, d, jobId, savepoint, latestOffsets, latestOffsetsTimestamp, errors, outputRanges, inputEnds);
    }

    public StatementStatus withJob(String id) {
        return new StatementStatus(phase, detail, id, savepoint, latestOffsets, latestOffsetsTimestamp, recentErrors, outputRanges, inputEnds);
    }

    public StatementStatus withSavepoint(String path) {
        return new StatementStatus(phase, detail, jobId, path, latestOffsets, latestOffsetsTimestamp, recentErrors, outputRanges, inputEnds);
    }

    public StatementStatus withOutputRanges(List<OutputRange> ranges) {
        return new StatementStatus(phase, detail, jobId, savepoint, latestOffsets, latestOffsetsTimestamp, recentErrors, ranges, inputEnds);
    }

    public StatementStatus withOffsets(List<SourceOffset> offsets, Instant at) {
        return new StatementStatus(phase, detail, jobId, savepoint, offsets, at, recentErrors, outputRanges, inputEnds);
    }

    /** With its sources' topics' ends at a stop without a savepoint or a failure (empty: it read to its latest offsets). */
    public StatementStatus withInputEnds(List<SourceOffset> ends) {
        return new StatementStatus(phase, detail, jobId, savepoint, latestOffsets, latestOffsetsTimestamp, recentErrors, outputRanges, ends);
    }
}
