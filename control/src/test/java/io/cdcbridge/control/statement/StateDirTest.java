package io.cdcbridge.control.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StateDirTest {

    @Test
    void takesFileAndObjectStoreUrisAndLaysOutEachStatementsFolders() {
        StateDir shared = StateDir.parse("file:///shared/cdcbridge/");
        assertThat(shared.checkpoints("copy")).isEqualTo("file:///shared/cdcbridge/checkpoints/copy");
        assertThat(shared.savepoints("copy")).isEqualTo("file:///shared/cdcbridge/savepoints/copy");
        assertThat(StateDir.parse("s3://bucket/cdcbridge").savepoints("v2")).isEqualTo("s3://bucket/cdcbridge/savepoints/v2");
        assertThat(StateDir.of(Path.of("/work/ws")).checkpoints("a")).isEqualTo("file:///work/ws/checkpoints/a");
    }

    @Test
    void refusesWhatIsNoFolderUriSayingWhatOneLooksLike() {
        assertThatThrownBy(() -> StateDir.parse("/shared/cdcbridge")).hasMessage(
                "--state-dir '/shared/cdcbridge' has no scheme; for that folder write file:///shared/cdcbridge");
        assertThatThrownBy(() -> StateDir.parse("bucket/x")).hasMessage("--state-dir 'bucket/x' has no scheme; it looks like"
                + " file:///shared/cdcbridge (a folder the cluster reaches at the same path) or s3://bucket/cdcbridge");
        assertThatThrownBy(() -> StateDir.parse("file://nas/shared")).hasMessage("--state-dir 'file://nas/shared' names a"
                + " host ('nas'); a file: URI names a folder on every machine's own file system: file:///path");
        assertThatThrownBy(() -> StateDir.parse("s3://bucket/x?region=eu")).hasMessageStartingWith(
                "--state-dir 's3://bucket/x?region=eu' has a query or fragment; give the folder only");
        assertThatThrownBy(() -> StateDir.parse("file:///a b")).hasMessageStartingWith(
                "--state-dir 'file:///a b' is not a URI (Illegal character in path at character 10)");
        assertThatThrownBy(() -> StateDir.parse(" ")).hasMessageStartingWith("--state-dir is empty");
    }

    @Test
    void tellsWhetherASavepointLiesInAFolderWhateverFormFlinkWroteItIn() {
        assertThat(StateDir.inside("file:/shared/savepoints/v1/savepoint-1", "file:///shared/savepoints/v1")).isTrue();
        assertThat(StateDir.inside("/shared/savepoints/v1/savepoint-1", "file:///shared/savepoints/v1")).isTrue();
        assertThat(StateDir.inside("file:/shared/savepoints/v10/savepoint-1", "file:///shared/savepoints/v1")).isFalse();
        assertThat(StateDir.inside("s3://other/savepoints/v1/x", "s3://bucket/savepoints/v1")).isFalse();
    }
}
