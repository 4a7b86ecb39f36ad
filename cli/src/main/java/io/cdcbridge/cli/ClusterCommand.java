package io.cdcbridge.cli;

import io.cdcbridge.cli.cluster.ClusterState;
import io.cdcbridge.cli.cluster.LocalSessionCluster;
import io.cdcbridge.control.workspace.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdcbridge cluster start|stop}: a Flink standalone session cluster on this machine, one JVM per process. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Starts or stops a Flink session cluster on this machine (a JobManager and TaskManagers, each its own JVM).",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class})
final class ClusterCommand {

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts a JobManager and TaskManagers on 127.0.0.1 and prints the REST address for `server --flink`;"
                    + " they run until `cluster stop` (or until the --owner-pid process ends).")
    static final class Start implements Callable<Integer> {

        @Option(names = "--taskmanagers", defaultValue = "1", description = "TaskManagers to start (default ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(names = "--slots", defaultValue = "2", description = "Task slots per TaskManager (default ${DEFAULT-VALUE}).")
        int slots;

        @Option(names = "--workspace", defaultValue = ".cdcbridge", description = "Workspace; the cluster's configuration, logs and pids go to its cluster/ folder (default: ${DEFAULT-VALUE}).")
        Path workspace;

        @Option(names = "--owner-pid", description = "End the cluster once process PID ends (a test's JVM, a CI job's shell); without it the cluster runs until `cluster stop`.")
        Long ownerPid;

        @Option(names = "--json", description = "Print the cluster's REST address and pids as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path dir = LocalSessionCluster.folder(workspace);
            ClusterState s = LocalSessionCluster.start(dir, taskManagers, slots, ownerPid);
            if (json) {
                System.out.println(Json.MAPPER.writeValueAsString(s));
            } else {
                System.out.println("Flink session cluster running: REST " + s.rest());
                System.out.println("  jobmanager:   pid " + s.jobmanager());
                System.out.println("  taskmanagers: " + s.taskmanagers().size() + " x " + s.slots() + " slots, pids "
                        + s.taskmanagers());
                System.out.println("  web UI:       " + s.rest() + "/");
                System.out.println("  logs:         " + dir.resolve("logs"));
                System.out.println("run jobs on it:  cdcbridge server --flink " + s.rest());
            }
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the cluster `cluster start` started from this workspace.")
    static final class Stop implements Callable<Integer> {

        @Option(names = "--workspace", defaultValue = ".cdcbridge", description = "Workspace the cluster was started from (default: ${DEFAULT-VALUE}).")
        Path workspace;

        @Option(names = "--json", description = "Print what was stopped as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            StopOutput.print(json, "cluster", LocalSessionCluster.stop(LocalSessionCluster.folder(workspace)),
                    s -> "Flink session cluster stopped (REST " + s.rest() + ")", "no cluster was started from " + workspace);
            return 0;
        }
    }
}
