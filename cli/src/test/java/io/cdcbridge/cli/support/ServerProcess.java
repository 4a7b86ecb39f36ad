package io.cdcbridge.cli.support;

import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.workspace.ServerInfo;
import io.cdcbridge.control.workspace.Workspace;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Dcdcbridge.log.level=INFO",
                "-cp", System.getProperty("java.class.path"), "io.cdcbridge.cli.Main", "server",
                "--port", "0", "--workspace", workspace.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = pb.start();
        // A test that fails before it stops its server would leave it running after the test JVM ends.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
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
