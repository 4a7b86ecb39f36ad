package io.cdcbridge.cli.demo;

import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.TopicRecord;
import java.io.PrintStream;
import java.util.List;

/**
 * MariaDB as a source on the embedded stack: examples/mariadb-migration (the items table kept equal in PostgreSQL)
 * and examples/mariadb-kafka (its changes published as Debezium's MySQL connector publishes them), a snapshot, then
 * an insert, an update, a delete and a key change. Used by {@code cdcbridge demo mariadb} and its test alike.
 */
public final class MariaDbDemo {

    /** The services the demo needs. */
    public static final String SERVICES = "postgres,kafka,mariadb";
    /** Where the events are published: {@code <topic.prefix>.<database>.<table>}. */
    public static final String TOPIC = "shop.cdcbridge.items";
    /** The target table in PostgreSQL, as the demo prints it. */
    public static final String TARGET = "select * from items order by id";

    private final ExampleSteps migration;
    private final ExampleSteps publishing;

    public MariaDbDemo(LocalStack stack, PrintStream out) {
        this.migration = new ExampleSteps("mariadb-migration", stack, out);
        this.publishing = new ExampleSteps("mariadb-kafka", stack, out);
    }

    /** The whole scenario, printing each step, the events and PostgreSQL's table after the snapshot and the changes. */
    public void run() {
        migration.mariadb("mariadb/01-items.sql");
        migration.postgres("postgres/01-items.sql");
        migration.stack().services().kafka().createTopic(TOPIC, 1);
        migration.run("flink/01-migrate-items.sql");
        publishing.run("flink/01-publish-items.sql");
        publishing.printPayloads(TOPIC, migration.events(TOPIC, 3));
        printTarget(3);
        migration.mariadb("mariadb/02-changes.sql");
        // fig's create; pear's update; plum's delete and tombstone; apple's delete and tombstone and its create as 10
        List<TopicRecord> all = migration.events(TOPIC, 3 + 7);
        publishing.printPayloads(TOPIC, all.subList(3, all.size()));
        printTarget(3);
    }

    /** PostgreSQL's items table, once it holds MariaDB's rows. */
    public QueryResult target() {
        return QueryResult.of(migration.stack().services().postgres(), TARGET);
    }

    private void printTarget(int rows) {
        long deadline = System.nanoTime() + ExampleSteps.WAIT.toNanos();
        QueryResult now = target();
        while (!now.rows().equals(source().rows()) || now.rows().size() != rows) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL's items did not become MariaDB's within " + ExampleSteps.WAIT.toSeconds()
                        + " s: it holds " + now.rows() + ", MariaDB " + source().rows());
            }
            ExampleSteps.sleep(300);
            now = target();
        }
        migration.out().println("postgres=# " + TARGET + ";");
        migration.out().print(PsqlTable.format(now));
    }

    private QueryResult source() {
        return QueryResult.of(migration.stack().services().mariadb(), TARGET);
    }
}
