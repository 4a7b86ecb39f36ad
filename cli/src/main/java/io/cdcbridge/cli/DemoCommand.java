package io.cdcbridge.cli;

import io.cdcbridge.cli.demo.CustomersDemo;
import io.cdcbridge.cli.demo.OrdersEvolutionDemo;
import io.cdcbridge.cli.demo.PastaMysqlDemo;
import io.cdcbridge.cli.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdcbridge demo SCENARIO}: a seed scenario on the embedded stack, start to finish. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a scenario on embedded PostgreSQL, Kafka and Flink: customers, customers-rename, customers-phones,"
                + " evolution (seed 002's query evolution strategies, Kafka only), mysql (seed 003: Postgres -> Debezium"
                + " events on Kafka -> MariaDB, with MariaDB).")
final class DemoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCENARIO", description = "customers | customers-rename | customers-phones | evolution | mysql")
    String scenario;

    @Option(names = "--keep", description = "Stay up after the scenario (until Ctrl-C) and print how to connect.")
    boolean keep;

    @Option(names = "--workspace", description = "Workspace directory (default: a temporary one, removed at the end).")
    Path workspace;

    @Override
    public Integer call() throws Exception {
        if (!scenario.matches("customers|customers-rename|customers-phones|evolution|mysql")) {
            System.err.println("error: unknown scenario '" + scenario + "'; known: customers, customers-rename,"
                    + " customers-phones, evolution, mysql");
            return 2;
        }
        boolean evolution = scenario.equals("evolution");
        boolean mysql = scenario.equals("mysql");
        Path ws = workspace != null ? workspace : Files.createTempDirectory("cdcbridge-demo-");
        System.out.println(evolution ? "Starting Kafka and Flink (embedded)..."
                : mysql ? "Starting PostgreSQL, Kafka, MariaDB and Flink (embedded)..." : "Starting PostgreSQL, Kafka and Flink (embedded)...");
        LocalStack stack = LocalStack.start(LocalStack.Options.local(ws, evolution ? "kafka" : mysql ? PastaMysqlDemo.SERVICES : "postgres,kafka"));
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stack.close();
            if (workspace == null) deleteTree(ws);
            done.countDown();
        }, "cdcbridge-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("cdcbridge server at " + stack.url() + " (" + stack.engineDescription() + ")");
        if (evolution) {
            new OrdersEvolutionDemo(stack, System.out).run();
        } else if (mysql) {
            new PastaMysqlDemo(stack, System.out).run();
        } else {
            customers(stack);
        }
        if (keep) {
            System.out.println();
            System.out.println("Staying up; Ctrl-C stops everything.");
            if (!evolution) System.out.println("  psql:     " + stack.services().postgres().describe());
            if (mysql) System.out.println("  mysql:    " + stack.services().mariadb().describe()
                    + "   (then: select * from " + PastaMysqlDemo.TABLE + ";)");
            System.out.println("  topics:   ./cdcbridge consume "
                    + (evolution ? "orders_with_customers_v2" : mysql ? PastaMysqlDemo.TOPIC : CustomersDemo.TOPIC)
                    + " --from-beginning --server " + stack.url());
            if (mysql) System.out.println("  refused rows: ./cdcbridge consume " + PastaMysqlDemo.DEAD_LETTERS
                    + " --from-beginning --server " + stack.url());
            System.out.println("  statements: ./cdcbridge statements list --server " + stack.url());
            done.await();
            return 0;
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
        return 0;
    }

    private void customers(LocalStack stack) {
        CustomersDemo demo = new CustomersDemo(stack, System.out);
        demo.prepare();
        demo.publish();
        if (scenario.equals("customers-phones")) {
            demo.run("flink/04-stop-with-savepoint.sql");
            demo.phones();
            demo.print(demo.events(4 + 4));
        } else {
            demo.print(demo.events(4));
            demo.changeData();
            demo.print(demo.events(4 + 3));
            if (scenario.equals("customers-rename")) {
                demo.renameColumn();
                demo.print(demo.events(4 + 3 + 2));
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a leftover temporary directory is harmless
        }
    }
}
