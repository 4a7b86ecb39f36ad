package io.cdcbridge.cli.demo;

import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import java.io.PrintStream;
import java.util.List;

/**
 * Seed 000 on the embedded stack, step by step as the seed does it: the customers data contract, the column
 * rename through a savepoint, and the phone numbers join. Used by {@code cdcbridge demo} and the tests alike.
 */
public final class CustomersDemo {

    /** The topic the contract is published on. */
    public static final String TOPIC = "customers";

    private final ExampleSteps steps;

    public CustomersDemo(LocalStack stack, PrintStream out) {
        this.steps = new ExampleSteps("customers-contract", stack, out);
    }

    /** Creates inventory.customers with four rows and the customers topic. */
    public void prepare() {
        steps.postgres("postgres/setup.sql");
        TopicWriter.create(steps.stack().kafkaBootstrap(), TOPIC, 1);
    }

    /** The seed's three SQL steps: source table, public table, publishing statement v1. */
    public void publish() {
        run("flink/01-customers-source.sql");
        run("flink/02-customers-public.sql");
        run("flink/03-publish.sql");
    }

    /** The seed's insert, update and delete in Postgres. */
    public void changeData() {
        steps.postgres("postgres/changes.sql");
    }

    /** The column rename: stop v1 with a savepoint, change and rename in Postgres, start v2 from the savepoint. */
    public void renameColumn() {
        run("flink/04-stop-with-savepoint.sql");
        steps.postgres("postgres/rename.sql");
        run("flink/05-rename.sql");
    }

    /** The phone numbers: the table in Postgres, then the join statement (instead of v1). */
    public void phones() {
        steps.postgres("postgres/phones.sql");
        run("flink/06-phones.sql");
    }

    /** Waits until the topic holds at least {@code count} records and returns all of them. */
    public List<TopicRecord> events(int count) {
        return steps.events(TOPIC, count);
    }

    /**
     * Waits until each of the four customers has an event of the phones statement (one with {@code further_phones})
     * and returns all events: how many the stopped statement wrote before depends on when it was stopped.
     */
    public List<TopicRecord> phoneEvents() {
        return steps.events(TOPIC, records -> records.stream().filter(r -> r.value() != null && r.value().contains("\"further_phones\":"))
                .map(TopicRecord::key).distinct().count() >= 4, "expected an event with phone numbers for each of 4 customers");
    }

    /** Prints the events of the topic, one per line, a tombstone marked as such. */
    public void print(List<TopicRecord> records) {
        steps.print(TOPIC, records);
    }

    /** Runs one of the example's Flink SQL scripts and waits for its statements to run. */
    public void run(String file) {
        steps.run(file);
    }
}
