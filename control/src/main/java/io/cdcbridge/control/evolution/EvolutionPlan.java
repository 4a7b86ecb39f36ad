package io.cdcbridge.control.evolution;

import java.util.List;

/**
 * What an evolution will do, shown before it is carried out: which statement stops and when, which starts and from
 * where, the steps in order, what consumers of the tables must do, and what to watch out for.
 */
public record EvolutionPlan(String statement, String evolvesTo, Strategy strategy, String stops, String starts,
                            String startsFrom, List<String> steps, List<String> consumers, List<String> warnings) {

    public EvolutionPlan {
        steps = List.copyOf(steps);
        consumers = List.copyOf(consumers);
        warnings = List.copyOf(warnings);
    }
}
