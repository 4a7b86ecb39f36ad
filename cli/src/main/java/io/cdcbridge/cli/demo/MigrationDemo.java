package io.cdcbridge.cli.demo;

import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.EventFile;
import io.cdcbridge.cli.topic.EventPublisher;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.connectors.cdcjson.ChangeEventRules;
import io.cdcbridge.connectors.deadletter.DeadLetter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Seed 001 on the embedded stack: the users_enriched target in PostgreSQL, the pipeline's five scripts (source with
 * a dead-letter topic, normalize, dedup by event time, enrich, version-guarded sink), then the seed's sample events
 * with its out-of-order delete and four malformed events. Used by {@code cdcbridge demo migration} and the tests.
 */
public final class MigrationDemo {

    /** The topic the change events are published to. */
    public static final String TOPIC = "users_cdc";
    /** Where the source sends the events it cannot read. */
    public static final String DEAD_LETTERS = "users_cdc_dlq";
    /** The query that shows the target, as the seed's README does. */
    public static final String TARGET_QUERY = "SELECT * FROM users_enriched ORDER BY user_id";

    private final ExampleSteps steps;

    public MigrationDemo(LocalStack stack, PrintStream out) {
        this.steps = new ExampleSteps("users-migration", stack, out);
    }

    /** The target table in PostgreSQL; the topic is made by the statement that reads it, as in the walk-through. */
    public void prepare() {
        steps.postgres("postgres/target.sql");
    }

    /** The seed's pipeline, script by script; the last starts statement users-enriched. */
    public void pipeline() {
        for (String step : List.of("flink/01-source.sql", "flink/02-normalize.sql", "flink/03-dedup.sql",
                "flink/04-enrich.sql", "flink/05-sink.sql")) {
            steps.run(step);
        }
    }

    /** Publishes the sample events as the seed's producer does, the malformed ones included (--send-invalid). */
    public EventPublisher.Summary publish() {
        Example data = new Example("users-migration", "data/sample_events.json");
        steps.out().println("$ cdcbridge produce --file " + data.path() + " --topic " + TOPIC
                + " --key user_id --timestamp-field timestamp_ms --send-invalid");
        Path file = null;
        try {
            file = Files.createTempFile("sample_events", ".json");
            Files.writeString(file, data.text());
            EventPublisher.Summary s = EventPublisher.publish(steps.stack().services().kafka().bootstrapServers(),
                    new EventFile(file), new EventPublisher.Options(TOPIC,
                            new ChangeEventRules(List.of("user_id"), "timestamp_ms"), true, Duration.ZERO),
                    new EventPublisher.Listener() {});
            steps.out().println("  " + s.sent() + " events sent, " + s.invalid().size() + " of them invalid (sent anyway)");
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) file.toFile().delete();
        }
    }

    /** The target now. */
    public QueryResult target() {
        return QueryResult.of(steps.stack().services().postgres(), TARGET_QUERY);
    }

    /** Waits until the target has rows and has not changed for longer than the sink's flush interval. */
    public QueryResult awaitSettled() {
        long deadline = System.nanoTime() + ExampleSteps.WAIT.toNanos();
        QueryResult last = target();
        while (System.nanoTime() < deadline) {
            ExampleSteps.sleep(5000);
            QueryResult now = target();
            if (!now.rows().isEmpty() && now.equals(last)) return now;
            last = now;
        }
        throw new IllegalStateException("users_enriched did not settle within " + ExampleSteps.WAIT.toSeconds() + " s");
    }

    /** The dead letters of the source, once the expected number has arrived. */
    public List<TopicRecord> deadLetters(int count) {
        return steps.events(DEAD_LETTERS, count);
    }

    /** Prints the target as psql would, and each dead letter with its origin and reason. */
    public void print(QueryResult target, List<TopicRecord> letters) {
        PrintStream out = steps.out();
        out.println("$ psql -c \"" + TARGET_QUERY + "\"");
        out.print(PsqlTable.format(target));
        out.println("Dead letters on topic '" + DEAD_LETTERS + "':");
        for (TopicRecord r : letters) {
            out.println("  " + r.headers().get(DeadLetter.SOURCE_TOPIC) + "/" + r.headers().get(DeadLetter.SOURCE_PARTITION)
                    + "@" + r.headers().get(DeadLetter.SOURCE_OFFSET) + ": " + r.headers().get(DeadLetter.REASON));
            out.println("      " + r.value());
        }
    }
}
