package io.cdcbridge.bench;

import io.cdcbridge.bench.chaos.ChaosCommand;
import io.cdcbridge.bench.cluster.ClusterBenchCommand;
import io.cdcbridge.bench.faults.FaultsCommand;
import io.cdcbridge.bench.kafkapg.KafkaPgCommand;
import io.cdcbridge.bench.manytables.ManyTablesCommand;
import io.cdcbridge.bench.mariadbtopg.MariaDbToPgCommand;
import io.cdcbridge.bench.pgkafkamariadb.PgKafkaMariaDbCommand;
import io.cdcbridge.bench.pgtopg.PgToPgCommand;
import io.cdcbridge.bench.verify.VerifyCommand;
import io.cdcbridge.bench.verify.VerifyTopicsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The benchmark command: {@code bench/run pg-to-pg --rows 200000}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks cdcbridge against the stock Flink SQL path on the embedded stack and writes a report.",
        subcommands = {PgToPgCommand.class, PgKafkaMariaDbCommand.class, KafkaPgCommand.class, MariaDbToPgCommand.class,
                VerifyCommand.class, VerifyTopicsCommand.class, FaultsCommand.class, ClusterBenchCommand.class, ChaosCommand.class, ManyTablesCommand.class})
public final class BenchMain {

    public static void main(String[] args) {
        CommandLine cmd = new CommandLine(new BenchMain());
        cmd.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        System.exit(cmd.execute(args));
    }
}
