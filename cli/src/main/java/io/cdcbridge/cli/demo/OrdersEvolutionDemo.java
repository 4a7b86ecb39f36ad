package io.cdcbridge.cli.demo;

import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.evolution.Strategy;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * Seed 002's query evolution on the embedded Kafka and Flink (examples/orders-evolution): the orders enriched by a
 * temporal join, a router, and each evolution strategy applied to them.
 */
public final class OrdersEvolutionDemo {

    /** The topics of the example and their partitions (the seed's 10 buckets for the enriched orders). */
    private static final List<Object[]> TOPICS = List.of(
            new Object[] {"sales_lifecycle_events", 1}, new Object[] {"customers", 1},
            new Object[] {"orders_with_customers_v1", 10}, new Object[] {"orders_with_customers_v2", 10},
            new Object[] {"shipments", 1}, new Object[] {"order_events", 1}, new Object[] {"shipments_v3", 1});

    private final ExampleSteps steps;
    private final PrintStream out;

    public OrdersEvolutionDemo(LocalStack stack, PrintStream out) {
        this.steps = new ExampleSteps("orders-evolution", stack, out);
        this.out = out;
    }

    /** Every step of the walk-through, in order. */
    public void run() {
        for (Object[] t : TOPICS) steps.stack().services().kafka().createTopic((String) t[0], (Integer) t[1]);
        steps.run("flink/01-tables.sql");
        steps.produce("customers", "data/customers.jsonl");
        steps.produce("sales_lifecycle_events", "data/events-1.jsonl");
        steps.run("flink/02-orders-with-customers-v1.sql");
        show("orders_with_customers_v1", 3);

        section("Carry-over is refused for a stateful statement");
        steps.evolve("orders_with_customers_v1_1", "flink/03-orders-with-customers-v2.sql", Strategy.CARRY_OVER, true, null);

        section("Blue/green: a new table version, caught up, then v1 stops");
        steps.evolve("orders_with_customers_v1_1", "flink/03-orders-with-customers-v2.sql", Strategy.BLUE_GREEN, false, null);
        show("orders_with_customers_v2", 3);

        section("A router, then carry-over: v2 continues at v1's offsets, every event once");
        steps.run("flink/04-route-events-v1.sql");
        show("shipments", 2);
        Instant batch2 = Instant.now();
        steps.produce("sales_lifecycle_events", "data/events-2.jsonl");
        steps.evolve("route_events_v1", "flink/05-route-events-v2.sql", Strategy.CARRY_OVER, false, null);
        show("shipments", 4);

        section("Reprocess from a point in time: a new table with the shipments since the second batch");
        steps.evolve("route_events_v2", "flink/06-shipments-v3.sql", Strategy.REPROCESS, false, batch2.toString());
        show("shipments_v3", 2);

        section("In place: the same keyed table, from v1's savepoint");
        steps.evolve("orders_with_customers_v2_1", "flink/07-orders-with-customers-v2-2.sql", Strategy.IN_PLACE, false, null);
        steps.produce("sales_lifecycle_events", "data/events-3.jsonl");
        show("orders_with_customers_v2", 5);
        show("shipments_v3", 3);
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private void show(String topic, int atLeast) {
        List<TopicRecord> records = steps.events(topic, atLeast);
        steps.print(topic, records);
    }
}
