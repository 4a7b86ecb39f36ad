package io.cdcbridge.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A set of embedded services started together, with their addresses as variables for Flink SQL scripts. */
public final class EmbeddedServices implements AutoCloseable {

    /** The services that can be started, by name. */
    public static final Set<String> KNOWN = Set.of("postgres", "kafka");

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafka kafka;

    private EmbeddedServices(EmbeddedPostgres postgres, EmbeddedKafka kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** Starts the services named in a comma-separated list, e.g. "postgres,kafka". */
    public static EmbeddedServices start(String names) {
        List<String> wanted = Arrays.stream(names.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).toList();
        List<String> unknown = new ArrayList<>(wanted);
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown embedded service(s) " + unknown + "; known: postgres, kafka");
        }
        EmbeddedPostgres pg = null;
        try {
            pg = wanted.contains("postgres") ? EmbeddedPostgres.start() : null;
            EmbeddedKafka kafka = wanted.contains("kafka") ? EmbeddedKafka.start() : null;
            return new EmbeddedServices(pg, kafka);
        } catch (RuntimeException e) {
            if (pg != null) pg.close();
            throw e;
        }
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

    @Override
    public void close() {
        try {
            if (kafka != null) kafka.close();
        } finally {
            if (postgres != null) postgres.close();
        }
    }
}
