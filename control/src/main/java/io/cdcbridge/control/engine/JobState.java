package io.cdcbridge.control.engine;

/** What the engine says of one job: its state and, for a failed job, the root cause in one line. */
public record JobState(State state, String failure) {

    /** The states the control plane distinguishes. */
    public enum State { STARTING, RUNNING, FINISHED, FAILED, CANCELED, UNKNOWN }

    public static JobState of(State s) {
        return new JobState(s, null);
    }
}
