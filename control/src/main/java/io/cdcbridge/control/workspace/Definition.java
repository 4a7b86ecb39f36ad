package io.cdcbridge.control.workspace;

import java.time.Instant;

/** One catalog change as the user wrote it ({@code ${VAR}} references kept), with where it came from. */
public record Definition(String sql, String origin, Instant at) {}
