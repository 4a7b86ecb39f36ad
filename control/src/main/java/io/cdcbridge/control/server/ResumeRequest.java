package io.cdcbridge.control.server;

/** The body of POST /v1/statements/{name}/resume, optional: the principal the statement runs as from now on. */
public record ResumeRequest(String principal) {}
