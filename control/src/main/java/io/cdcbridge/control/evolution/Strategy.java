package io.cdcbridge.control.evolution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How statement v2 replaces v1: the query-evolution strategies of seed 002. */
public enum Strategy {
    /** A new table version and its statement read the history, catch up, then v1 stops; consumers switch. */
    BLUE_GREEN("blue-green"),
    /** Blue/green reading only from a timestamp on. */
    REPROCESS("reprocess"),
    /** v1 stops with a savepoint; a stateless v2 starts exactly at v1's offsets. */
    CARRY_OVER("carry-over"),
    /** v1 stops; v2 writes the same keyed table, from v1's savepoint where its state maps. */
    IN_PLACE("in-place");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The strategy named as the CLI and REST API write it, e.g. {@code blue-green}. */
    @JsonCreator
    public static Strategy of(String name) {
        for (Strategy s : values()) {
            if (s.label.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) return s;
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "'; known: "
                + Arrays.stream(values()).map(Strategy::label).collect(Collectors.joining(", ")));
    }
}
