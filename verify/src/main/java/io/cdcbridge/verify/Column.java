package io.cdcbridge.verify;

/**
 * A column of a compared table: its name as the database holds it, how its values are normalized, and the
 * database's name for its type (e.g. {@code varchar}).
 */
public record Column(String name, ValueKind kind, String type) {}
