package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the database servers started here (PostgreSQL, MariaDB) need to know about their processes. */
final class ServerProcesses {

    private ServerProcesses() {}

    /** Whether this JVM runs as root, where database servers refuse to run unless told whom to run as. */
    static boolean isRoot() {
        try {
            // /proc/self belongs to this process's effective user
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The last 20 lines of a server's log, for an error message; empty when there is none. */
    /** The lines of a log that report an error, else its tail: install scripts end with generic advice. */
    static String errors(Path log) {
        try {
            List<String> errors = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("ERROR") || line.contains("[Warning]")).toList();
            return errors.isEmpty() ? tail(log) : String.join("\n", errors.subList(Math.max(0, errors.size() - 20), errors.size()));
        } catch (IOException | RuntimeException e) {
            return tail(log);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Runs a setup command (initdb, pg_ctl, chown) to its end, its output appended to {@code dir/setup.log};
     * a failure says what the command printed.
     */
    static void run(List<String> command, Path dir) throws IOException, InterruptedException {
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

    // The command without the runuser/unshare words in front of it.
    private static String name(List<String> command) {
        return String.join(" ", command.subList(command.indexOf("--") + 1, command.size()));
    }
}
