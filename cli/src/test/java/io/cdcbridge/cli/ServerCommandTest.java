package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that would be open to others, or cannot serve TLS, refuses to start and writes nothing. */
class ServerCommandTest {

    @TempDir
    Path dir;

    @Test
    void anAddressOtherMachinesReachIsRefusedWithoutTokens() {
        Path workspace = dir.resolve("workspace");
        CommandRun run = CommandRun.of("server", "--bind", "0.0.0.0", "--workspace", workspace.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: the REST API on 0.0.0.0 would be open to other machines: give it "
                + "tokens (--token-file FILE), or bind it to 127.0.0.1\n");
        assertThat(workspace).doesNotExist();
    }

    @Test
    void aKeystoreNeedsItsPasswordFromAFileOrTheEnvironment() throws Exception {
        Path keystore = Files.writeString(dir.resolve("server.p12"), "not read");
        CommandRun run = CommandRun.of("server", "--tls-keystore", keystore.toString(),
                "--workspace", dir.resolve("workspace").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: --tls-keystore needs its password: --tls-keystore-password-file FILE "
                + "or $CDCBRIDGE_TLS_KEYSTORE_PASSWORD\n");
    }

    @Test
    void verifyWithoutMemoryIsRefusedBeforeAnythingStarts() {
        Path workspace = dir.resolve("workspace");
        CommandRun run = CommandRun.of("server", "--verify-memory", "0", "--workspace", workspace.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: --verify-memory must be a positive number of MiB, not 0\n");
        assertThat(workspace).doesNotExist();
    }

    @Test
    void aWeakTokenIsRefusedWithoutShowingIt() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "ci:hunter2\n");
        CommandRun run = CommandRun.of("server", "--bind", "0.0.0.0", "--token-file", tokens.toString(),
                "--workspace", dir.resolve("workspace").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + tokens + ":1: the secret of token 'ci' is shorter than 16 characters\n");
    }
}
