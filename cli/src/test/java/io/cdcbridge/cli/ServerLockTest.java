package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.workspace.WorkspaceLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One server per workspace: a second one stops before it starts or writes anything, naming the holder. */
@Tag("integration") // starts a server process (which must start nothing)
class ServerLockTest {

    @TempDir
    Path workspace;

    @Test
    void aSecondServerOnAWorkspaceInUseStopsNamingTheHolderHavingWrittenNothing() throws Exception {
        try (WorkspaceLock held = WorkspaceLock.acquire(workspace)) {
            held.serving("http://127.0.0.1:4711");
            Files.writeString(workspace.resolve("catalog.json"), "[]");
            Map<String, String> before = listing();

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process second = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "io.cdcbridge.cli.Main", "server", "--port", "0", "--workspace", workspace.toString(),
                    "--embedded", "postgres").redirectErrorStream(true).start();
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second server ended").isTrue();

            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo("error: workspace " + workspace.toAbsolutePath().normalize() + " is in use by another"
                            + " cdcbridge server (pid " + ProcessHandle.current().pid() + ", http://127.0.0.1:4711);"
                            + " stop it first, or give this one another --workspace");
            assertThat(listing()).isEqualTo(before);
        }
    }

    // every path under the workspace with its size and modification time
    private Map<String, String> listing() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(workspace)) {
            for (Path p : all.toList()) {
                out.put(workspace.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }
}
