package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.ServerProcess;
import io.cdcbridge.control.server.ScriptRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's temporary files (Flink's) stay inside its workspace: removed when it stops, or at the next start after a kill. */
@Tag("integration")
class ServerTempFilesTest {

    private static final String SCRIPT = """
            CREATE TABLE numbers (id INT) WITH ('connector' = 'datagen');
            CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole');
            INSERT INTO sink SELECT id FROM numbers;
            """;

    @TempDir
    Path workspace;

    @Test
    void aKilledServersFilesGoAtTheNextStartAStoppedServersAtItsStop() throws Exception {
        Path tmp = workspace.resolve("tmp");
        Process first = start();
        List<String> whileRunning = names(tmp);
        assertThat(whileRunning).contains("flink-" + first.pid())
                .anySatisfy(name -> assertThat(name).matches("flink-table-planner_.*\\.jar"));
        first.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        assertThat(names(tmp)).containsAll(whileRunning);

        Process second = start();
        assertThat(names(tmp)).doesNotContainAnyElementsOf(whileRunning).contains("flink-" + second.pid());
        second.destroy();
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the server stopped").isTrue();
        assertThat(names(tmp)).noneSatisfy(name -> assertThat(name).startsWith("flink-"));
    }

    // a server on the workspace that has checked a script (the table planner is loaded by then)
    private Process start() throws Exception {
        Path log = workspace.resolve("console.log");
        Process p = ServerProcess.start(workspace, log, Map.of());
        ServerProcess.await(p, workspace, log).runScript(new ScriptRequest("s.sql", SCRIPT, Map.of(), true));
        return p;
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
