package io.cdcbridge.control.statement;

import java.time.Instant;

/**
 * Where a statement came from when it replaced another by evolution: the statement it evolved from, the strategy,
 * and where it started reading (a savepoint, offsets, a timestamp, or the start of its sources).
 */
public record Lineage(String evolvedFrom, String strategy, String startedFrom, Instant at) {}
