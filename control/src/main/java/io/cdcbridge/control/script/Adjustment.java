package io.cdcbridge.control.script;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What an evolution changes in the statements of a script before they are checked and created: properties that win
 * over the script's SETs (a savepoint to start from, a startup timestamp) and a rewrite of the statement's text
 * (option hints with the offsets to start from).
 */
public record Adjustment(Map<String, String> properties, UnaryOperator<String> statement) {

    /** No change. */
    public static final Adjustment NONE = new Adjustment(Map.of(), UnaryOperator.identity());

    public Adjustment {
        properties = Map.copyOf(properties);
    }
}
