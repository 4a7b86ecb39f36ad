package io.cdcbridge.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A set of embedded services started together, with their addresses as variables for Flink SQL scripts. */
public final class EmbeddedServices implements AutoCloseable {

    /** The services that can be started, by name, in the order they start. */
    public static final List<String> KNOWN = List.of("postgres", "kafka");

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafka kafka;

    private EmbeddedServices(EmbeddedPostgres postgres, EmbeddedKafka kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** Starts the services named in a comma-separated list, e.g. "postgres,kafka"; blank starts none. */
    public static EmbeddedServices start(String names) {
        List<String> wanted = parse(names);
        // PostgreSQL mostly waits for initdb, Kafka mostly loads classes: side by side, starting both takes
        // about as long as starting the slower one
        CompletableFuture<EmbeddedPostgres> pg = wanted.contains("postgres")
                ? CompletableFuture.supplyAsync(EmbeddedPostgres::start, EmbeddedServices::startThread)
                : CompletableFuture.completedFuture(null);
        EmbeddedKafka kafka = null;
        try {
            kafka = wanted.contains("kafka") ? EmbeddedKafka.start() : null;
            return new EmbeddedServices(join(pg), kafka);
        } catch (RuntimeException e) {
            if (kafka != null) kafka.close();
            try {
                EmbeddedPostgres started = pg.join();
                if (started != null) started.close();
            } catch (CompletionException alsoFailed) {
                if (alsoFailed.getCause() != e) e.addSuppressed(alsoFailed.getCause());
            }
            throw e;
        }
    }

    private static void startThread(Runnable task) {
        Thread t = new Thread(task, "cdcbridge-embedded-postgres-start");
        t.setDaemon(true);
        t.start();
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** The names in a comma-separated list, checked against {@link #KNOWN}; case and blanks do not matter. */
    public static List<String> parse(String names) {
        if (names == null) throw new IllegalArgumentException("no embedded services named; known: " + String.join(", ", KNOWN));
        List<String> wanted = Arrays.stream(names.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).distinct().toList();
        List<String> unknown = new ArrayList<>(wanted);
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown embedded service" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known: " + String.join(", ", KNOWN));
        }
        return wanted;
    }

    /** Whether PostgreSQL was started. */
    public boolean hasPostgres() {
        return postgres != null;
    }

    /** Whether Kafka was started. */
    public boolean hasKafka() {
        return kafka != null;
    }

    /** The PostgreSQL server; fails if it was not asked for. */
    public EmbeddedPostgres postgres() {
        if (postgres == null) throw new IllegalStateException("no embedded postgres was started");
        return postgres;
    }

    /** The Kafka broker; fails if it was not asked for. */
    public EmbeddedKafka kafka() {
        if (kafka == null) throw new IllegalStateException("no embedded kafka was started");
        return kafka;
    }

    /** POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DATABASE, KAFKA_BOOTSTRAP_SERVERS. */
    public Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        if (postgres != null) {
            v.put("POSTGRES_HOST", postgres.host());
            v.put("POSTGRES_PORT", String.valueOf(postgres.port()));
            v.put("POSTGRES_USER", postgres.user());
            v.put("POSTGRES_PASSWORD", postgres.password());
            v.put("POSTGRES_DATABASE", postgres.database());
        }
        if (kafka != null) v.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        return v;
    }

    /** Stops the services in the reverse order of their start. */
    @Override
    public void close() {
        try {
            if (kafka != null) kafka.close();
        } finally {
            if (postgres != null) postgres.close();
        }
    }
}
