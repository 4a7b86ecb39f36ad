package io.cdcbridge.bench.process;

import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.workspace.ServerInfo;
import io.cdcbridge.control.workspace.Workspace;
import io.cdcbridge.embedded.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code cdcbridge server} in a JVM of its own on one workspace, started again after each SIGKILL. */
public final class ServerUnderTest implements AutoCloseable {

    private final Path workspace;
    private final Path log;
    private Process process;
    private ServerClient client;

    public ServerUnderTest(Path workspace, Path log) {
        this.workspace = workspace;
        this.log = log;
    }

    /** Starts the server; returns once it has recorded itself in the workspace (its REST API answers). */
    public ServerClient start() throws IOException, InterruptedException {
        process = JavaProcess.of("io.cdcbridge.cli.Main").options(List.of("-Xmx1g", "-XX:+UseG1GC"))
                .args(List.of("server", "--port", "0", "--workspace", workspace.toString(),
                        "--set", "execution.checkpointing.interval=1s"))
                .start(log).process();
        Workspace ws = Workspace.open(workspace);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("the server exited (exit code " + process.exitValue() + "); see " + log);
            ServerInfo info = ws.server();
            if (info != null && info.pid() == process.pid()) {
                client = new ServerClient(info.url());
                return client;
            }
            Thread.sleep(100);
        }
        throw new IOException("the server did not start within 600 s; see " + log);
    }

    /** SIGKILL, as an OOM killer or a lost machine ends it: no shutdown of anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public ServerClient client() {
        return client;
    }

    /** A clean stop (SIGTERM). */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
