package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A shell process that outlives this JVM and cleans up after it: it polls this JVM's pid every second and,
 * once the JVM is gone (even by SIGKILL, where no shutdown hook runs), runs a cleanup script.
 */
final class Watchdog implements AutoCloseable {

    private final Process process;

    private Watchdog(Process process) {
        this.process = process;
    }

    /** Starts a watchdog that runs {@code cleanup} (sh syntax) once this JVM has died. */
    static Watchdog start(String cleanup) {
        long jvm = ProcessHandle.current().pid();
        // The shell shares the JVM's process group, so Ctrl-C, a terminal hang-up or `timeout` (which signals
        // the whole group) would kill it together with the JVM, exactly when it is needed: it ignores them all
        // and is ended by SIGKILL from close(). Ignored signals stay ignored in the commands it runs.
        String script = "trap '' HUP INT QUIT TERM PIPE\n"
                + "while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done\n"
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
