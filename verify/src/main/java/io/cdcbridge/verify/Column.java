package io.cdcbridge.verify;

/**
 * A column of a compared table: its name as the database holds it, how its values are normalized, the
 * database's name for its type (e.g. {@code varchar}), and whether it may hold NULL.
 */
public record Column(String name, ValueKind kind, String type, boolean nullable) {}
