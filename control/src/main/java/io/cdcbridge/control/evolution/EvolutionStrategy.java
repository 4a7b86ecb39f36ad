package io.cdcbridge.control.evolution;

/** One way of replacing v1 by v2: what it plans (refusing what it cannot do correctly) and how it carries that out. */
interface EvolutionStrategy {

    /** Refuses a request this strategy cannot take, before v2's script is planned; {@code fromMillis} may be null. */
    default void check(EvolutionRequest req, Long fromMillis) {
        if (fromMillis != null) {
            throw new IllegalArgumentException(req.strategy().label() + " starts v2 where v1 stopped; --from goes with"
                    + " blue-green or reprocess");
        }
    }

    /** The plan, or a {@link io.cdcbridge.control.statement.StatementException} (or IllegalArgumentException) why not. */
    EvolutionPlan plan(Draft d);

    /** Carries the plan out, step by step; throws when a step fails. */
    void execute(Draft d, EvolutionSteps steps);
}
