package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A shell process that outlives this JVM and cleans up after it: it polls this JVM's pid (or another process's)
 * every second and, once that process is gone (even by SIGKILL, where no shutdown hook runs), runs a cleanup script.
 */
public final class Watchdog implements AutoCloseable {

    private final Process process;

    private Watchdog(Process process) {
        this.process = process;
    }

    /** Starts a watchdog that runs {@code cleanup} (sh syntax) once this JVM has died. */
    static Watchdog start(String cleanup) {
        return start(ProcessHandle.current().pid(), cleanup);
    }

    /**
     * Ends {@code pids} once process {@code owner} has ended, or once the first of them has (the service was stopped
     * another way): each is sent SIGTERM, and SIGKILL after {@code graceSeconds} if it still runs. The watchdog
     * outlives the JVM that starts it.
     */
    public static Watchdog ending(long owner, List<Long> pids, int graceSeconds) {
        String list = pids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" "));
        String first = String.valueOf(pids.get(0));
        String script = "while kill -0 " + owner + " 2>/dev/null && kill -0 " + first + " 2>/dev/null; do sleep 1; done\n"
                + "kill " + list + " 2>/dev/null\n"
                + "i=0; while [ $i -lt " + graceSeconds + " ]; do alive=''; for p in " + list + "; do"
                + " kill -0 $p 2>/dev/null && alive=1; done; [ -z \"$alive\" ] && exit 0; sleep 1; i=$((i+1)); done\n"
                + "kill -9 " + list + " 2>/dev/null\n";
        return start(-1, script);
    }

    /** The watchdog shell's pid. */
    public long pid() {
        return process.pid();
    }

    // jvm < 0: the script does its own waiting
    private static Watchdog start(long jvm, String cleanup) {
        // The shell shares the JVM's process group, so Ctrl-C, a terminal hang-up or `timeout` (which signals
        // the whole group) would kill it together with the JVM, exactly when it is needed: it ignores them all
        // and is ended by SIGKILL from close(). Ignored signals stay ignored in the commands it runs.
        String script = "trap '' HUP INT QUIT TERM PIPE\n"
                + (jvm < 0 ? "" : "while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done\n")
                + cleanup;
        try {
            Process p = new ProcessBuilder("sh", "-c", script)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Watchdog(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog shell (sh)", e);
        }
    }

    /** Quotes a path or word for sh. */
    static String quote(Object word) {
        return "'" + word.toString().replace("'", "'\\''") + "'";
    }

    /** Stops the watchdog without running its cleanup: the owner has cleaned up itself. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
