package io.cdcbridge.cli;

import io.cdcbridge.cli.kafka.KafkaProcess;
import io.cdcbridge.control.workspace.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdcbridge kafka start|stop}: a Kafka broker on this machine in a JVM of its own. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Starts or stops a Kafka broker (KRaft, one node) on this machine, in a JVM of its own.",
        subcommands = {KafkaCommand.Start.class, KafkaCommand.Stop.class})
final class KafkaCommand {

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts a broker on 127.0.0.1 and prints its bootstrap address for --var KAFKA_BOOTSTRAP_SERVERS=...;"
                    + " it runs until `kafka stop`, keeping its topics in <workspace>/kafka across restarts.")
    static final class Start implements Callable<Integer> {

        @Option(names = "--workspace", defaultValue = ".cdcbridge", description = "Workspace; the broker's data, log and pid go to its kafka/ folder (default: ${DEFAULT-VALUE}).")
        Path workspace;

        @Option(names = "--owner-pid", description = "End the broker once process PID ends (a test's JVM, a CI job's shell); without it the broker runs until `kafka stop`.")
        Long ownerPid;

        @Option(names = "--json", description = "Print the bootstrap address and pid as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path dir = KafkaProcess.folder(workspace);
            KafkaProcess.State s = KafkaProcess.start(dir, ownerPid);
            if (json) {
                System.out.println(Json.MAPPER.writeValueAsString(s));
            } else {
                System.out.println("Kafka broker running: bootstrap " + s.bootstrap() + " (pid " + s.pid() + ")");
                System.out.println("  data and log: " + dir);
                System.out.println("use it:  cdcbridge run SCRIPT --var KAFKA_BOOTSTRAP_SERVERS=" + s.bootstrap());
            }
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the broker `kafka start` started from this workspace (its data stays).")
    static final class Stop implements Callable<Integer> {

        @Option(names = "--workspace", defaultValue = ".cdcbridge", description = "Workspace the broker was started from (default: ${DEFAULT-VALUE}).")
        Path workspace;

        @Option(names = "--json", description = "Print what was stopped as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            StopOutput.print(json, "kafka", KafkaProcess.stop(KafkaProcess.folder(workspace)),
                    s -> "Kafka broker stopped (bootstrap " + s.bootstrap() + ")", "no Kafka broker was started from " + workspace);
            return 0;
        }
    }
}
