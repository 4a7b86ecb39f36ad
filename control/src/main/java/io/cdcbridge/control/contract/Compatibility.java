package io.cdcbridge.control.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A contract's compatibility mode, as Confluent Schema Registry defines them: a direction (new readers read old data,
 * old readers read new data, or both) checked against the latest version or all of them.
 */
public enum Compatibility {
    /** No check: any change is accepted and versioned. */
    NONE(null, null),
    /** Readers of the new schema read data written with the latest version: upgrade consumers first. */
    BACKWARD(Direction.BACKWARD, Scope.LATEST),
    /** As BACKWARD, against every earlier version. */
    BACKWARD_TRANSITIVE(Direction.BACKWARD, Scope.ALL),
    /** Readers of the latest version read data written with the new schema: upgrade producers first. */
    FORWARD(Direction.FORWARD, Scope.LATEST),
    /** As FORWARD, against every earlier version. */
    FORWARD_TRANSITIVE(Direction.FORWARD, Scope.ALL),
    /** BACKWARD and FORWARD: the order of upgrades does not matter. */
    FULL(Direction.FULL, Scope.LATEST),
    /** As FULL, against every earlier version. */
    FULL_TRANSITIVE(Direction.FULL, Scope.ALL);

    /** The mode of a contract whose table names none (Confluent's default too). */
    public static final Compatibility DEFAULT = BACKWARD;

    /** The table option that sets the mode, e.g. {@code 'contract.compatibility' = 'FULL'} in WITH (...). */
    public static final String OPTION = "contract.compatibility";

    /** Which way data must stay readable across a change. */
    public enum Direction {
        /** A reader of the new schema can read data written with earlier versions. */
        BACKWARD,
        /** A reader of an earlier version can read data written with the new schema. */
        FORWARD,
        /** Both. */
        FULL;

        /** Whether the new schema must read old data. */
        public boolean newReadsOld() {
            return this != FORWARD;
        }

        /** Whether old schemas must read new data. */
        public boolean oldReadsNew() {
            return this != BACKWARD;
        }
    }

    /** Which earlier versions a change is checked against. */
    public enum Scope { LATEST, ALL }

    private final Direction direction;
    private final Scope scope;

    Compatibility(Direction direction, Scope scope) {
        this.direction = direction;
        this.scope = scope;
    }

    /** The direction checked, null for NONE. */
    public Direction direction() {
        return direction;
    }

    /** The versions checked against, null for NONE. */
    public Scope scope() {
        return scope;
    }

    /** The mode a value of the {@link #OPTION} names (case does not matter). */
    public static Compatibility parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + OPTION + "' = '" + value + "' is not a compatibility mode; use one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
