package io.cdcbridge.control.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementSpec;
import io.cdcbridge.control.statement.StatementStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceFilesTest {

    @TempDir
    Path dir;

    @Test
    void foldersAre0700AndFiles0600Throughout() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("ws"));
        ws.saveDefinitions(List.of());
        // as Flink writes a checkpoint: with the process's umask
        Path chk = Files.createDirectories(ws.checkpointDir("s1").resolve("job").resolve("chk-1"));
        Files.writeString(chk.resolve("_metadata"), "x");
        Files.setPosixFilePermissions(chk.resolve("_metadata"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(chk, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a database's data folder another process owns: its modes are that process's business
        Path data = Files.createDirectories(ws.root().resolve("embedded").resolve("postgres"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));

        ws.restrictPermissions();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwxr-x---");
        try (Stream<Path> all = Files.walk(ws.root())) {
            for (Path p : all.filter(p -> !p.startsWith(data.getParent())).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
        assertThat(ws.root().resolve("logs")).isDirectory();
    }

    @Test
    void whatAppearsWhileWatchedIsMadeOwnerOnlyAndOtherOwnersFoldersAreLeftAlone() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("watched"));
        Path old = Files.createDirectories(ws.checkpointDir("s0"), rwx("rwxr-xr-x"));
        try (AutoCloseable watch = ws.watchPermissions()) {
            // as Flink writes a checkpoint (with the process's umask), folders and files in quick succession
            Path chk = ws.checkpointDir("s1").resolve("job").resolve("chk-2");
            Files.createDirectories(chk, rwx("rwxr-xr-x"));
            Files.createFile(chk.resolve("_metadata"), rwx("rw-r--r--"));
            Files.createDirectories(chk.resolve("shared").resolve("deep"), rwx("rwxr-xr-x"));
            Files.createFile(chk.resolve("shared").resolve("deep").resolve("state"), rwx("rw-r--r--"));
            Files.createFile(ws.root().resolve("logs").resolve("server.log"), rwx("rw-r--r--"));
            Path data = Files.createDirectories(ws.root().resolve("embedded").resolve("postgres"), rwx("rwxr-x---"));
            Path program = Files.createFile(data.resolve("pg_ctl"), rwx("rwxr-xr-x"));

            Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                try (Stream<Path> all = Files.walk(ws.root())) {
                    for (Path p : all.filter(p -> !p.startsWith(data.getParent())).toList()) {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                                .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                    }
                }
            });
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwxr-x---");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(program))).isEqualTo("rwxr-xr-x");
        }
    }

    private static java.nio.file.attribute.FileAttribute<?> rwx(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }

    @Test
    void secretsNothingRefersToAreForgotten() {
        Workspace ws = Workspace.open(dir);
        String kept = ws.secrets().put("catalog", "Kept-1");
        String ofAStatement = ws.secrets().put("statement:s", "Used-2");
        ws.secrets().put("catalog", "Undone-3"); // what an undone script had stored
        ws.saveDefinitions(List.of(new Definition("CREATE TABLE t WITH ('password' = '" + kept + "')", "t.sql:1",
                Instant.now(), Map.of())));
        ws.save(new Statement("s", new StatementSpec("INSERT INTO t SELECT 1", Map.of(), false, "local"),
                StatementStatus.of(Phase.RUNNING, null), List.of(), "s.sql:1", Instant.now(), Instant.now(), null,
                Map.of("PW", ofAStatement)));

        ws.pruneSecrets();

        assertThat(dir.resolve("secrets.json")).content().contains("Kept-1", "Used-2").doesNotContain("Undone-3");
    }

    @Test
    void aSecondHolderIsRefusedNamingTheFirstAndAReleasedLockIsFree() {
        Path ws = dir.resolve("locked");
        try (WorkspaceLock lock = WorkspaceLock.acquire(ws)) {
            lock.serving("http://127.0.0.1:4711");
            assertThatThrownBy(() -> WorkspaceLock.acquire(ws))
                    .isInstanceOf(WorkspaceLock.HeldException.class)
                    .hasMessage("workspace " + ws + " is in use by another cdcbridge server (pid "
                            + ProcessHandle.current().pid() + ", http://127.0.0.1:4711); stop it first, or give this one"
                            + " another --workspace");
        }
        // a holder that is gone (as after a crash, the OS let go of its lock) does not block the next
        WorkspaceLock.acquire(ws).close();
    }
}
