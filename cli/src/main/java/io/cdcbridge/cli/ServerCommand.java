package io.cdcbridge.cli;

import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.control.secret.Redactor;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdcbridge server}: the control plane, until stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the control plane: REST API on 127.0.0.1, workspace, Flink engine.")
final class ServerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "" + ServerClient.DEFAULT_PORT, description = "REST port (0: any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--workspace", defaultValue = ".cdcbridge", description = "Workspace directory (default: ${DEFAULT-VALUE}).")
    Path workspace;

    @Option(names = "--embedded", description = "Embedded services to start with the server (postgres, mariadb, kafka), e.g. postgres,kafka; their addresses become script variables.")
    String embedded;

    @Option(names = "--flink", description = "REST URL of a Flink session cluster to run jobs on, instead of the embedded MiniCluster.")
    String flinkRest;

    @Option(names = "--set", description = "A default property for every new statement, e.g. --set execution.checkpointing.interval=2s.")
    Map<String, String> defaults = Map.of();

    @Override
    public Integer call() throws Exception {
        // before the first logger exists: the server's full log goes to its workspace
        java.nio.file.Files.createDirectories(workspace.resolve("logs"));
        System.setProperty("cdcbridge.log.file", workspace.resolve("logs").resolve("server.log").toAbsolutePath().toString());
        LocalStack stack = LocalStack.start(new LocalStack.Options(workspace, port, embedded, flinkRest, defaults, Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "cdcbridge-shutdown"));
        System.out.println("cdcbridge server listening on " + stack.url());
        System.out.println("  engine:    " + stack.engineDescription());
        System.out.println("  workspace: " + stack.plane().workspace().root());
        if (stack.services() != null) {
            Redactor.properties(stack.services().variables()).forEach((k, v) -> System.out.println("  ${" + k + "} = " + v));
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
