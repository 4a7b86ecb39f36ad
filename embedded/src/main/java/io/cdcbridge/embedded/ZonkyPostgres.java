package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

/** PostgreSQL from the binaries io.zonky ships in Maven jars; as root it runs them in a user namespace. */
final class ZonkyPostgres implements PostgresLauncher {

    private final Path binaries;

    /** @param binaries where to unpack the binaries; null for the user's cache directory */
    ZonkyPostgres(Path binaries) {
        this.binaries = binaries != null ? binaries : Directories.cache().resolve("zonky");
    }

    @Override
    public Launched launch(Path dir, Map<String, String> settings, String user, String password)
            throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        File log = dir.resolve("server.log").toFile();
        EmbeddedPostgres zonky = FreePorts.startOnFreePorts("PostgreSQL", 1, ports -> {
            Files.deleteIfExists(log.toPath()); // so that portTaken() reads this attempt only
            var builder = EmbeddedPostgres.builder()
                    .setPort(ports[0])
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("unix_socket_directories", dir.toString())
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log));
            settings.forEach(builder::setServerConfig);
            builder.setOverrideWorkingDirectory(binaries.toFile());
            try {
                return builder.start();
            } catch (IOException | RuntimeException e) {
                if (PgCtl.portTaken(dir)) {
                    PgCtl.stopImmediately(data);
                    Directories.deleteQuietly(data);
                    throw new FreePorts.PortTaken(e);
                }
                throw new IOException("io.zonky's PostgreSQL did not start: " + e.getMessage() + "\n"
                        + ServerProcesses.tail(log.toPath()), e);
            }
        });
        try {
            requirePassword(zonky.getPort(), data, user, password);
        } catch (IOException | RuntimeException e) {
            zonky.close();
            throw e;
        }
        // as io.zonky runs its pg_ctl: in a user namespace, where root is not root
        List<String> runAs = LinuxUtils.isUnshareAvailable() ? List.of("unshare", "-U") : List.of();
        return new Launched(zonky.getPort(), "io.zonky", runAs, zonky);
    }

    // io.zonky's initdb trusts every connection; set the password, then make host connections give it.
    private static void requirePassword(int port, Path data, String user, String password) throws IOException {
        String url = "jdbc:postgresql://" + PostgresConfiguration.HOST + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + quoteIdentifier(user) + " PASSWORD " + quoteLiteral(password));
            PostgresConfiguration.writeHba(data);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot set the superuser's password: " + e.getMessage(), e);
        }
        // the reload is asynchronous: wait until a connection without password is refused
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Connection ignored = DriverManager.getConnection(url, user, "")) {
                Thread.sleep(20);
            } catch (SQLException refused) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for pg_hba.conf to be reloaded", e);
            }
        }
        throw new IOException("PostgreSQL still accepts connections without a password after reloading pg_hba.conf");
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
