package io.cdcbridge.control.server;

import java.util.Map;

/**
 * The body of POST /v1/statements/{name}/resume, optional: the principal the statement runs as from now on, and the
 * resources it resumes with (e.g. {@code parallelism.default}).
 */
public record ResumeRequest(String principal, Map<String, String> properties) {

    public ResumeRequest {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
