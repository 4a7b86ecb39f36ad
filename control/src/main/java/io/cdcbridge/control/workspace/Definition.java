package io.cdcbridge.control.workspace;

import java.time.Instant;
import java.util.Map;

/**
 * One catalog change as the user wrote it ({@code ${VAR}} references kept, literal secrets as references to the
 * workspace's secrets), with where it came from and the values its references had when it was applied (secret ones
 * as references); {@code values} is null in definitions stored before they kept their values.
 */
public record Definition(String sql, String origin, Instant at, Map<String, String> values) {}
