package io.cdcbridge.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A way to create a PostgreSQL data directory in {@code dir/data} and start its server on a free port. */
sealed interface PostgresLauncher permits SystemPostgres, ZonkyPostgres {

    /**
     * What a launch left running.
     *
     * @param runAs  the words that run pg_ctl as the server's user (runuser, unshare), or none
     * @param zonky  io.zonky's handle of the server, to be closed with it; null for the machine's binaries
     */
    record Launched(int port, String binaries, List<String> runAs, AutoCloseable zonky) {}

    /**
     * Creates the data directory with superuser {@code user} and {@code password} (required on TCP), writes the
     * settings, and starts the server; returns once it accepts password-authenticated connections.
     */
    Launched launch(Path dir, Map<String, String> settings, String user, String password)
            throws IOException, InterruptedException;
}
