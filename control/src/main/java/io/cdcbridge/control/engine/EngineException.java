package io.cdcbridge.control.engine;

/** A failure the engine reports with a message a user can act on (no stack trace needed to understand it). */
public class EngineException extends Exception {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
