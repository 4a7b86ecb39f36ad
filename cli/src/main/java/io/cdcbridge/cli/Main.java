package io.cdcbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cdcbridge} command. */
@Command(name = "cdcbridge", mixinStandardHelpOptions = true, version = "cdcbridge 0.1.0",
        description = "Runs Flink SQL as named, managed statements for change data capture.",
        subcommands = {ServerCommand.class, RunCommand.class, StatementsCommand.class, EvolveCommand.class,
                ContractsCommand.class, VerifyCommand.class, ConsumeCommand.class, ProduceCommand.class, DemoCommand.class,
                ClusterCommand.class, KafkaCommand.class, SqlCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 usage error). */
    public static int execute(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cmd.execute(args);
    }
}
