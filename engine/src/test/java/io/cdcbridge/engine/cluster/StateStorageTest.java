package io.cdcbridge.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStorageTest {

    @TempDir
    Path dir;

    @Test
    void findsTheNewestCompleteCheckpointOfAnyJobUnderAStatementsFolder() throws Exception {
        Path older = Files.createDirectories(dir.resolve("checkpoints/copy/job-a/chk-7"));
        Files.writeString(older.resolve("_metadata"), "x");
        Files.setLastModifiedTime(older.resolve("_metadata"), FileTime.fromMillis(1_000_000));
        Path newer = Files.createDirectories(dir.resolve("checkpoints/copy/job-b/chk-2"));
        Files.writeString(newer.resolve("_metadata"), "x");
        // still being written: no _metadata yet
        Files.createDirectories(dir.resolve("checkpoints/copy/job-b/chk-3"));
        Files.createDirectories(dir.resolve("checkpoints/copy/job-b/shared"));

        String folder = dir.toUri() + "checkpoints/copy";
        assertThat(StateStorage.latestCheckpoint(folder)).hasValueSatisfying(c -> assertThat(Path.of(java.net.URI.create(c)))
                .isEqualTo(newer));
        assertThat(StateStorage.latestCheckpoint(dir.toUri() + "checkpoints/none")).isEmpty();
    }

    @Test
    void listsAndRemovesStatementsFolders() throws Exception {
        Files.createDirectories(dir.resolve("savepoints/v1/savepoint-1"));
        Files.writeString(dir.resolve("savepoints/v1/savepoint-1/_metadata"), "x");
        Files.createDirectories(dir.resolve("savepoints/v2"));
        assertThat(StateStorage.folders(dir.toUri() + "savepoints")).containsExactly("v1", "v2");

        StateStorage.delete(dir.toUri() + "savepoints/v1");
        StateStorage.delete(dir.toUri() + "savepoints/gone");
        assertThat(StateStorage.folders(dir.toUri() + "savepoints")).containsExactly("v2");
        assertThat(StateStorage.folders(dir.toUri() + "nothing")).isEmpty();
    }

    @Test
    void aStateDirThisServerCannotWriteOrReachIsToldWithWhy() throws Exception {
        StateStorage.check(dir.toUri() + "state");
        assertThat(dir.resolve("state")).isDirectory().isEmptyDirectory();

        Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> StateStorage.check(dir.toUri() + "file/state"))
                .hasMessageStartingWith("--state-dir " + dir.toUri() + "file/state: this server cannot write there (");
        assertThatThrownBy(() -> StateStorage.check("nosuchfs://bucket/state"))
                .hasMessageStartingWith("nosuchfs://bucket/state: no file system for it in this server (")
                .hasMessageEndingWith("for object storage put Flink's plugin (e.g. flink-s3-fs-hadoop) under plugins/<name>/"
                        + " of a folder named by $FLINK_PLUGINS_DIR, as on the cluster");
    }
}
