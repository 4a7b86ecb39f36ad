package io.cdcbridge.control.workspace;

/** Where a server answers and which process it is. */
public record ServerInfo(String url, long pid) {}
