package io.cdcbridge.cli.log;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * What sources log while the embedded cluster stops them. Flink CDC's Debezium readers report the connection their
 * cancelled task closed under them as "Producer failure" at ERROR, though nothing failed: their loggers are off while
 * the cluster stops and as they were after. A failure of a running job is reported by its statement, not by this log.
 */
public final class ShutdownNoise {

    private static final String DEBEZIUM = "io.debezium";

    private ShutdownNoise() {
    }

    /** Runs {@code stop} with Debezium's loggers off. */
    public static void quietWhile(Runnable stop) {
        Level before = LogManager.getLogger(DEBEZIUM).getLevel();
        Configurator.setLevel(DEBEZIUM, Level.OFF);
        try {
            stop.run();
        } finally {
            Configurator.setLevel(DEBEZIUM, before);
        }
    }
}
