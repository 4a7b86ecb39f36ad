package io.cdcbridge.control.statement;

/** The lifecycle phase of a statement, as in Confluent Cloud's statements API. */
public enum Phase {
    /** Accepted, its job not yet running. */
    PENDING,
    /** Its job runs. */
    RUNNING,
    /** A stop (with or without savepoint) is under way. */
    STOPPING,
    /** Stopped by a user; can be resumed. */
    STOPPED,
    /** Its job failed; status.detail says why. */
    FAILED,
    /** Its job ended by itself (bounded sources). */
    COMPLETED;

    /** Whether a job is meant to be running for a statement in this phase. */
    public boolean wantsJob() {
        return this == PENDING || this == RUNNING || this == STOPPING;
    }
}
