package io.cdcbridge.cli.demo;

import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.AvroJson;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.connectors.avro.RegistryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Seed 003 on the embedded stack (PostgreSQL, Kafka, MariaDB): the pasta table published as Debezium change events,
 * read back with debezium-json into MariaDB with soft deletes, then the seed's changes. Used by
 * {@code cdcbridge demo mysql} and the tests alike.
 */
public final class PastaMysqlDemo {

    /** Where the events are published: {@code <topic.prefix>.<schema>.<table>}. */
    public static final String TOPIC = "my_pg_source.public.pasta";
    /** The sink's dead-letter topic. */
    public static final String DEAD_LETTERS = "pasta_mysql_dlq";
    /** The target table in MariaDB. */
    public static final String TABLE = "pasta_mysql";
    /** The services the demo needs. */
    public static final String SERVICES = "postgres,kafka,mariadb";

    private final ExampleSteps steps;
    // Avro registered in the server's schema registry instead of Debezium's JSON envelope
    private final boolean avro;

    public PastaMysqlDemo(LocalStack stack, PrintStream out) {
        this(stack, out, false);
    }

    /** With {@code avro}, the events travel as Avro with the server's schema registry ({@code demo mysql --format avro}). */
    public PastaMysqlDemo(LocalStack stack, PrintStream out, boolean avro) {
        this.steps = new ExampleSteps("pasta-mysql", stack, out);
        this.avro = avro;
    }

    /** The whole scenario, printing each step, the events as kcat showed them and the table as mysql does. */
    public void run() {
        prepare();
        publish();
        sink();
        printEvents(events(4));
        printTable(awaitTable(rows -> rows.size() == 4, "the four snapshot rows"));
        changeData();
        // pennette's update; spaghetti's delete, tombstone and spaghettini's create; linguine's delete and tombstone
        // (in Avro, an upsert topic: pennette's new value, spaghetti's tombstone, spaghettini, linguine's tombstone)
        List<TopicRecord> all = events(4 + (avro ? 4 : 6));
        printEvents(all.subList(4, all.size()));
        printTable(awaitTable(rows -> rows.size() == 5 && rows.stream().filter(r -> Boolean.TRUE.equals(r.get(3))).count() == 2,
                "five rows, two of them soft deleted"));
    }

    /** Creates the pasta table with its four rows, and the topics. */
    public void prepare() {
        steps.postgres("postgres/setup.sql");
        steps.stack().services().kafka().createTopic(TOPIC, 1);
        steps.stack().services().kafka().createTopic(DEAD_LETTERS, 1);
    }

    /** The CDC source and the statement publishing its events (the seed's Debezium source connector). */
    public void publish() {
        steps.run("flink/01-source.sql");
        steps.run(avro ? "flink/02-publish-avro.sql" : "flink/02-publish.sql");
    }

    /** The statement reading the events into MariaDB (the seed's JDBC sink connector). */
    public void sink() {
        steps.run(avro ? "flink/03-sink-avro.sql" : "flink/03-sink.sql");
    }

    /** The seed's update, primary key change and delete in PostgreSQL. */
    public void changeData() {
        steps.postgres("postgres/changes.sql");
    }

    /** Waits until the topic holds at least {@code count} records and returns all of them. */
    public List<TopicRecord> events(int count) {
        return steps.events(TOPIC, count);
    }

    /** Prints events as the seed's kcat did, key and value payloads (the JsonConverter schema left out). */
    public void printEvents(List<TopicRecord> records) {
        if (avro) {
            printAvroEvents(records);
            return;
        }
        steps.printPayloads(TOPIC, records);
    }

    // the same records read again as bytes, decoded with the server's schema registry as consume does
    private void printAvroEvents(List<TopicRecord> records) {
        PrintStream out = steps.out();
        String registry = steps.stack().url() + "/registry";
        out.println("$ cdcbridge consume " + TOPIC + " --from-beginning   (Avro, decoded with the schema registry at " + registry + ")");
        AvroJson decoder = new AvroJson(new RegistryClient(registry, null));
        long first = records.isEmpty() ? 0 : records.get(0).offset();
        TopicReader.readRecords(steps.stack().services().kafka().bootstrapServers(), TOPIC, true, 0, Duration.ofMillis(500), r -> {
            if (r.offset() < first || r.offset() > first + records.size() - 1) return;
            out.println("Key: " + decoded(decoder, r.key()));
            out.println("Value: " + (r.value() == null ? "null (tombstone)" : decoded(decoder, r.value())));
        });
    }

    private static String decoded(AvroJson decoder, byte[] bytes) {
        try {
            return decoder.decode(bytes).toString();
        } catch (IOException e) {
            throw new IllegalStateException("an event on " + TOPIC + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** {@code select * from pasta_mysql} ordered by name: id, name, cooking_minutes, __deleted. */
    public List<List<Object>> table() {
        return query("select * from " + TABLE + " order by name").rows();
    }

    /** Waits until the table satisfies {@code done} and returns its rows; fails naming {@code what} it waited for. */
    public List<List<Object>> awaitTable(Predicate<List<List<Object>>> done, String what) {
        long deadline = System.nanoTime() + ExampleSteps.WAIT.toNanos();
        List<List<Object>> rows = List.of();
        while (System.nanoTime() < deadline) {
            if (tableExists()) {
                rows = table();
                if (done.test(rows)) return rows;
            }
            ExampleSteps.sleep(300);
        }
        throw new IllegalStateException("MariaDB table " + TABLE + " did not hold " + what + " within "
                + ExampleSteps.WAIT.toSeconds() + " s; it holds " + rows);
    }

    /** Prints the rows as the mysql client shows {@code select * from pasta_mysql}. */
    public void printTable(List<List<Object>> rows) {
        steps.out().println("mysql> select * from " + TABLE + " order by name;");
        BoxTable.print(steps.out(), query("select * from " + TABLE + " limit 0").columns(), rows);
    }

    /** Runs a query on the embedded MariaDB (BOOLEAN columns come as Boolean). */
    public QueryResult query(String sql) {
        return QueryResult.of(steps.stack().services().mariadb(), sql);
    }

    private boolean tableExists() {
        return !query("select 1 from information_schema.tables where table_schema = database() and table_name = '"
                + TABLE + "'").rows().isEmpty();
    }
}
