package io.cdcbridge.verify;

/** A column of a compared table: its name as the database holds it, and how its values are normalized. */
public record Column(String name, ValueKind kind) {}
