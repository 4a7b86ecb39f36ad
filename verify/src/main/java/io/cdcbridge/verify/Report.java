package io.cdcbridge.verify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a verification found.
 *
 * @param source the source table, as people write it (the URL without credentials)
 * @param target the target table, likewise
 * @param sourceRows rows in the source (as of the checksum pass)
 * @param targetRows rows in the target (soft-deleted ones not counted)
 * @param ranges key ranges whose counts and checksums were compared
 * @param differingRanges of those, the ones that differed and were bisected or read row by row
 * @param rowsRead rows read row by row (from both sides) to find the differing ones
 * @param time how long it took
 * @param mismatches differences by kind, exact counts
 * @param listed the differing rows, at most {@link Verifier#MAX_LISTED}
 * @param inFlight differences that were gone when rechecked (changes still in flight when first seen)
 * @param ignoredExtras rows only in the target that the writer keeps on purpose (deletes ignored)
 * @param parts each pass and the source position it was made at
 * @param note what the comparison leaves out, if anything
 */
public record Report(String source, String target, long sourceRows, long targetRows, long ranges, long differingRanges,
                     long rowsRead, Duration time, Map<Mismatch.Kind, Long> mismatches, List<Mismatch> listed,
                     long inFlight, long ignoredExtras, List<Part> parts, Optional<String> note) {

    /** One pass over the tables and the source position it was made at. */
    public record Part(String what, String position) {}

    public Report {
        mismatches = Map.copyOf(mismatches);
        listed = List.copyOf(listed);
        parts = List.copyOf(parts);
    }

    /** Whether the target holds what the source holds. */
    public boolean equal() {
        return total() == 0;
    }

    /** All differing rows. */
    public long total() {
        return mismatches.values().stream().mapToLong(Long::longValue).sum();
    }
}
