package io.cdcbridge.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
