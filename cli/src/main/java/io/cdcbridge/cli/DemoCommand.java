package io.cdcbridge.cli;

import io.cdcbridge.cli.demo.CustomersDemo;
import io.cdcbridge.cli.demo.MariaDbDemo;
import io.cdcbridge.cli.demo.MigrationDemo;
import io.cdcbridge.cli.demo.OrdersEvolutionDemo;
import io.cdcbridge.cli.demo.PastaMysqlDemo;
import io.cdcbridge.cli.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.io.PrintStream;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdcbridge demo SCENARIO}: a scenario on the embedded stack, start to finish. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a scenario on embedded services and Flink, prints what happened, and stops (or stays up with --keep).")
public final class DemoCommand implements Callable<Integer> {

    /** The scenarios: their name, the embedded services they need, what they run, and the topics worth watching. */
    public enum Scenario {
        CUSTOMERS("customers", "postgres,kafka", "PostgreSQL CDC -> the customers data contract on Kafka", DemoCommand::customers, CustomersDemo.TOPIC),
        CUSTOMERS_RENAME("customers-rename", "postgres,kafka", "the customers contract through a source column rename, by savepoint and a new version",
                DemoCommand::customersRename, CustomersDemo.TOPIC),
        CUSTOMERS_PHONES("customers-phones", "postgres,kafka", "the customers contract with their phone numbers joined and aggregated", DemoCommand::customersPhones,
                CustomersDemo.TOPIC),
        MIGRATION("migration", "postgres,kafka", "change events on Kafka -> dedup -> enrich -> PostgreSQL, dead letters",
                DemoCommand::migration, MigrationDemo.DEAD_LETTERS),
        EVOLUTION("evolution", "kafka", "every query evolution strategy on Kafka tables",
                (stack, out) -> new OrdersEvolutionDemo(stack, out).run(), "orders_with_customers_v2"),
        MYSQL("mysql", PastaMysqlDemo.SERVICES, "PostgreSQL -> Debezium change events on Kafka -> MariaDB, soft deletes",
                (stack, out) -> new PastaMysqlDemo(stack, out).run(), PastaMysqlDemo.TOPIC, PastaMysqlDemo.DEAD_LETTERS),
        MARIADB("mariadb", MariaDbDemo.SERVICES, "MariaDB's binlog -> PostgreSQL, and -> Debezium MySQL change events on Kafka",
                (stack, out) -> new MariaDbDemo(stack, out).run(), MariaDbDemo.TOPIC);

        final String id;
        final String services;
        final String description;
        final BiConsumer<LocalStack, PrintStream> run;
        final List<String> topics;

        Scenario(String id, String services, String description, BiConsumer<LocalStack, PrintStream> run, String... topics) {
            this.id = id;
            this.services = services;
            this.description = description;
            this.run = run;
            this.topics = List.of(topics);
        }

        /** Runs the scenario on {@code stack} as {@code cdcbridge demo} does, printing to {@code out}. */
        public void play(LocalStack stack, PrintStream out) {
            run.accept(stack, out);
        }

        static String known() {
            return Arrays.stream(values()).map(s -> s.id).collect(Collectors.joining(", "));
        }
    }

    @Parameters(paramLabel = "SCENARIO", description = "customers | customers-rename | customers-phones | migration | evolution | mysql | mariadb")
    String scenario;

    @Option(names = "--keep", description = "Stay up after the scenario (until Ctrl-C) and print how to connect.")
    boolean keep;

    @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
            description = "mysql only: json (default: Debezium's JSON envelope) or avro (Avro in Confluent's wire format, "
                    + "registered in the server's schema registry).")
    String format;

    @Option(names = "--workspace", description = "Workspace directory (default: a temporary one, removed at the end).")
    Path workspace;

    @Override
    public Integer call() throws Exception {
        Scenario chosen = Arrays.stream(Scenario.values()).filter(s -> s.id.equals(scenario)).findFirst().orElse(null);
        if (chosen == null) {
            System.err.println("error: unknown scenario '" + scenario + "'; known: " + Scenario.known());
            return 2;
        }
        if (!format.equals("json") && !(format.equals("avro") && chosen == Scenario.MYSQL)) {
            System.err.println("error: --format is json or avro, and avro is for the mysql demo only, not '" + format
                    + "' for " + chosen.id);
            return 2;
        }
        Path ws = workspace != null ? workspace : Files.createTempDirectory("cdcbridge-demo-");
        System.out.println(chosen.description + ". Starting " + chosen.services.replace(",", ", ") + " and Flink (embedded)...");
        LocalStack stack = LocalStack.start(LocalStack.Options.local(ws, chosen.services));
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stack.close();
            if (workspace == null) deleteTree(ws);
            done.countDown();
        }, "cdcbridge-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("cdcbridge server at " + stack.url() + " (" + stack.engineDescription() + ")");
        if (format.equals("avro")) new PastaMysqlDemo(stack, System.out, true).run();
        else chosen.run.accept(stack, System.out);
        if (keep) {
            System.out.println();
            System.out.println("Staying up; Ctrl-C stops everything.");
            if (stack.services().hasPostgres()) System.out.println("  psql:       " + stack.services().postgres().describe());
            if (stack.services().hasMariaDb()) System.out.println("  mysql:      " + stack.services().mariadb().describe());
            for (String topic : chosen.topics) {
                System.out.println("  topic:      ./cdcbridge consume " + topic + " --from-beginning --server " + stack.url());
            }
            System.out.println("  statements: ./cdcbridge statements list --server " + stack.url());
            done.await();
            return 0;
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
        return 0;
    }

    private static void customers(LocalStack stack, PrintStream out) {
        CustomersDemo demo = publishedCustomers(stack, out);
        demo.changeData();
        demo.print(demo.events(4 + 3));
    }

    private static void customersRename(LocalStack stack, PrintStream out) {
        CustomersDemo demo = publishedCustomers(stack, out);
        demo.changeData();
        demo.print(demo.events(4 + 3));
        demo.renameColumn();
        demo.print(demo.events(4 + 3 + 2));
    }

    private static void customersPhones(LocalStack stack, PrintStream out) {
        CustomersDemo demo = new CustomersDemo(stack, out);
        demo.prepare();
        demo.publish();
        demo.run("flink/04-stop-with-savepoint.sql");
        demo.phones();
        demo.print(demo.phoneEvents());
    }

    private static CustomersDemo publishedCustomers(LocalStack stack, PrintStream out) {
        CustomersDemo demo = new CustomersDemo(stack, out);
        demo.prepare();
        demo.publish();
        demo.print(demo.events(4));
        return demo;
    }

    private static void migration(LocalStack stack, PrintStream out) {
        MigrationDemo demo = new MigrationDemo(stack, out);
        demo.prepare();
        demo.pipeline();
        int invalid = demo.publish().invalid().size();
        demo.print(demo.awaitSettled(), demo.deadLetters(invalid));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a leftover temporary directory is harmless
        }
    }
}
