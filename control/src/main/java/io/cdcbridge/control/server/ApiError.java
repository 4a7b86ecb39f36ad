package io.cdcbridge.control.server;

/** The body of every error answer: a message, and for a script error where it is. */
public record ApiError(Error error) {

    /** What went wrong and where. */
    public record Error(String message, String file, Integer line, Integer column, String statement) {}

    public static ApiError of(String message) {
        return new ApiError(new Error(message, null, null, null, null));
    }
}
