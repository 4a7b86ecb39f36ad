package io.cdcbridge.cli.support;

import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.workspace.ServerInfo;
import io.cdcbridge.control.workspace.Workspace;
import io.cdcbridge.embedded.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** {@code cdcbridge server} in a JVM of its own, as a user starts it, so that a test can SIGKILL it. */
public final class ServerProcess {

    private ServerProcess() {}

    /** Starts {@code server --port 0 --workspace WORKSPACE ARGS...}, its output appended to {@code log}. */
    public static Process start(Path workspace, Path log, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("server", "--port", "0", "--workspace", workspace.toString()));
        command.addAll(List.of(args));
        // endsWithThisJvm: a test that fails before it stops its server would leave it running after the test JVM ends
        return JavaProcess.of("io.cdcbridge.cli.Main").options(List.of("-Xmx512m", "-Dcdcbridge.log.level=INFO"))
                .args(command).environment(environment).endsWithThisJvm().start(log).process();
    }

    /** Waits until the server has recorded itself in its workspace; its client. A server that died shows its output. */
    public static ServerClient await(Process process, Path workspace, Path log) {
        Workspace ws = Workspace.open(workspace);
        Awaitility.await().atMost(Duration.ofSeconds(300)).until(() -> {
            if (!process.isAlive()) throw new AssertionError("the server exited:\n" + Files.readString(log));
            ServerInfo info = ws.server();
            return info != null && info.pid() == process.pid();
        });
        return new ServerClient(ws.server().url());
    }
}
