package io.cdcbridge.control.engine;

/**
 * What the engine says of one job: its state and, for a failed job or one restarting after a failure, the cause in
 * one line (where it happened and, for a failed one, whether restarts ran out); for a job a source stopped to be
 * evolved, what the next version is to declare (else null).
 */
public record JobState(State state, String failure, SourceEvolution evolution) {

    /** A state without an evolution. */
    public JobState(State state, String failure) {
        this(state, failure, null);
    }

    /**
     * The states the control plane distinguishes. RUNNING: every task of the job runs (a savepoint can be taken);
     * STARTING: the job lives but some task does not run yet or any more (deploying, restarting, going down), or the
     * engine could not be asked (the failure says why); UNKNOWN: the engine answered that it has no such job.
     */
    public enum State { STARTING, RUNNING, FINISHED, FAILED, CANCELED, UNKNOWN }

    public static JobState of(State s) {
        return new JobState(s, null);
    }
}
