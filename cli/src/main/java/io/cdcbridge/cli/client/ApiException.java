package io.cdcbridge.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/** An error answer of the server, carrying its message (and for a script error, file and line). */
public final class ApiException extends RuntimeException {

    private final int status;
    private final JsonNode body;

    public ApiException(int status, String message, JsonNode body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    /** The HTTP status; 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    /** The error body as the server sent it (null when unreachable). */
    public JsonNode body() {
        return body;
    }
}
