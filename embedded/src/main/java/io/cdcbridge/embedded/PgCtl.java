package io.cdcbridge.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Control of one PostgreSQL data directory through pg_ctl and the postmaster's pid: start, fast and immediate
 * stop, and the script a watchdog runs when the JVM is gone. Its files: {@code dir/data}, {@code dir/server.log}.
 */
final class PgCtl {

    private static final Logger LOG = LoggerFactory.getLogger(PgCtl.class);
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Path pgCtl;
    private final Path dir;
    private final List<String> runAs;

    /**
     * @param binaries the directory holding pg_ctl and postgres
     * @param runAs    the words that run a command as the server's user (runuser, unshare), or none
     */
    PgCtl(Path binaries, Path dir, List<String> runAs) {
        this.pgCtl = binaries.resolve("pg_ctl");
        this.dir = dir;
        this.runAs = List.copyOf(runAs);
    }

    /**
     * The pg_ctl next to the postgres that last ran this data directory, with that run's server options (port,
     * settings) without its data directory: postmaster.opts holds that command line (io.zonky passes settings
     * as -c options there).
     */
    static Started lastRun(Path dir, List<String> runAs) throws IOException {
        String command = Files.readString(dir.resolve("data").resolve("postmaster.opts")).strip();
        List<String> opts = new ArrayList<>();
        Matcher m = QUOTED.matcher(command);
        while (m.find()) opts.add(m.group(1));
        int at = opts.indexOf("-D");
        if (at >= 0) opts.subList(at, at + 2).clear();
        Path binaries = Path.of(command.split(" ", 2)[0]).getParent();
        return new Started(new PgCtl(binaries, dir, runAs), opts);
    }

    /** A control and the server options its last start used. */
    record Started(PgCtl control, List<String> options) {}

    /** Server options with the port replaced. */
    static List<String> withPort(List<String> options, int port) {
        List<String> with = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            String next = i + 1 < options.size() ? options.get(i + 1) : "";
            if (o.equals("-p") || o.equals("-c") && next.startsWith("port=")) i++;
            else with.add(o);
        }
        with.addAll(List.of("-p", String.valueOf(port)));
        return with;
    }

    /** Starts the server with these options (e.g. {@code -p 5432}); returns once it accepts connections. */
    void start(List<String> options) throws IOException, InterruptedException {
        Files.deleteIfExists(log()); // so that portTaken() reads this attempt only
        List<String> start = new ArrayList<>(runAs);
        start.addAll(List.of(pgCtl.toString(), "-D", data().toString(), "-l", log().toString(),
                "-o", options.stream().map(Watchdog::quote).collect(Collectors.joining(" ")), "-w", "-t", "60", "start"));
        try {
            ServerProcesses.run(start, dir);
        } catch (IOException e) {
            if (portTaken(dir)) throw new FreePorts.PortTaken(e);
            throw new IOException(e.getMessage() + "\n" + ServerProcesses.tail(log()), e);
        }
    }

    /** A fast shutdown: clients are disconnected, committed data is kept; returns once the server is down. */
    void stopFast() throws IOException, InterruptedException {
        List<String> stop = new ArrayList<>(runAs);
        stop.addAll(List.of(pgCtl.toString(), "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        ServerProcesses.run(stop, dir);
    }

    private Path data() {
        return dir.resolve("data");
    }

    private Path log() {
        return dir.resolve("server.log");
    }

    /** Whether the server's log says its port was taken. */
    static boolean portTaken(Path dir) {
        String log = ServerProcesses.tail(dir.resolve("server.log"));
        return log.contains("could not bind") || log.contains("Address already in use");
    }

    // SIGQUIT is PostgreSQL's immediate shutdown; Java can only send TERM (a smart shutdown, which waits for
    // every client to leave) or KILL (which leaves the backends behind), hence kill(1).
    /** Stops the postmaster of a data directory at once, by the pid in its pid file; nothing when none runs. */
    static void stopImmediately(Path data) {
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

    /**
     * Kills the postmaster of a data directory with SIGKILL, as a crash would, and waits (up to 10 s) for its backends
     * to notice and exit, killing those still there then; the pid file stays, as after a crash.
     */
    static void kill(Path data) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no postmaster with pid " + pid));
        List<ProcessHandle> backends = postmaster.children().toList();
        new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backends.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(50);
        backends.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Waits (up to 60 s) until no postmaster runs on a data directory: one whose JVM was killed is being stopped by
     * that JVM's watchdog. One still running then belongs to someone else, and is left alone.
     */
    static void awaitStopped(Path data) throws IOException, InterruptedException {
        Path pidFile = data.resolve("postmaster.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (running(pidFile) && System.nanoTime() < deadline) Thread.sleep(100);
        if (running(pidFile)) {
            throw new IOException("a PostgreSQL (pid " + Files.readAllLines(pidFile).get(0).strip() + ") still runs on "
                    + data + ": another process uses these data");
        }
    }

    // A pid file whose process is gone (a machine that rebooted) is left to the postmaster, which ignores it.
    private static boolean running(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The script a watchdog runs once the JVM is gone. A throw-away server gets an immediate shutdown (SIGQUIT),
     * SIGKILL if it lingers for 10 s, then its files go; a kept one a fast shutdown (SIGINT: clients disconnected,
     * a checkpoint written), SIGKILL after a minute, and its files stay. Without a pid file a start may be under
     * way, so it looks once more after a moment. The postmaster removes its pid file as it exits; its pid may
     * linger as a zombie until init reaps it.
     */
    static String watchdogScript(Path dir, boolean kept) {
        String pidFile = Watchdog.quote(dir.resolve("data").resolve("postmaster.pid"));
        return "[ -f " + pidFile + " ] || sleep 2\n"
                + "if [ -f " + pidFile + " ]; then\n"
                + "  pid=$(head -n 1 " + pidFile + ")\n"
                + "  kill -" + (kept ? "INT" : "QUIT") + " \"$pid\" 2>/dev/null\n"
                + "  i=0; while [ -f " + pidFile + " ] && [ $i -lt " + (kept ? 300 : 50) + " ]; do sleep 0.2; i=$((i+1)); done\n"
                + "  [ -f " + pidFile + " ] && kill -KILL \"$pid\" 2>/dev/null\n"
                + "fi\n"
                + (kept ? "" : "rm -rf " + Watchdog.quote(dir) + "\n");
    }
}
