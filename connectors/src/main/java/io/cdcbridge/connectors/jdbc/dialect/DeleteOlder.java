package io.cdcbridge.connectors.jdbc.dialect;

/** Delete the rows whose timestamp column is older than one bound value: how old tombstones are cleaned up. */
public record DeleteOlder(Table table, Column timestamp) {}
