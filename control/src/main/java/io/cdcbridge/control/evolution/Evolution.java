package io.cdcbridge.control.evolution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An evolution under way or done: its plan, its state, what happened so far (one line a step), and v2's lag. */
public record Evolution(EvolutionPlan plan, State state, List<String> progress, Long messagesBehind, String error,
                        Instant startedAt, Instant endedAt) {

    /** Where an evolution is. */
    public enum State { RUNNING, SUCCEEDED, FAILED }

    public Evolution {
        progress = List.copyOf(progress);
    }

    static Evolution started(EvolutionPlan plan) {
        return new Evolution(plan, State.RUNNING, List.of(), null, null, Instant.now(), null);
    }

    Evolution with(String line) {
        List<String> p = new ArrayList<>(progress);
        p.add(line);
        return new Evolution(plan, state, p, messagesBehind, error, startedAt, endedAt);
    }

    Evolution behind(long n) {
        return new Evolution(plan, state, progress, n, error, startedAt, endedAt);
    }

    Evolution ended(State s, String why) {
        return new Evolution(plan, s, progress, messagesBehind, why, startedAt, Instant.now());
    }
}
