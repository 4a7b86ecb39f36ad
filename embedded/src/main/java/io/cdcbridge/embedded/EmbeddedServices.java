package io.cdcbridge.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** A set of embedded services started together, with their addresses as variables for Flink SQL scripts. */
public final class EmbeddedServices implements AutoCloseable {

    /** The services that can be started, by name, in the order they start. */
    public static final List<String> KNOWN = List.of("postgres", "mariadb", "kafka");

    private final EmbeddedPostgres postgres;
    private final EmbeddedMariaDb mariadb;
    private final EmbeddedKafka kafka;

    private EmbeddedServices(EmbeddedPostgres postgres, EmbeddedMariaDb mariadb, EmbeddedKafka kafka) {
        this.postgres = postgres;
        this.mariadb = mariadb;
        this.kafka = kafka;
    }

    /** Starts fresh services named in a comma-separated list, e.g. "postgres,kafka"; blank starts none. */
    public static EmbeddedServices start(String names) {
        return start(names, null);
    }

    /**
     * Starts the services named in a comma-separated list, kept in {@code home} (one folder each: postgres,
     * mariadb, kafka): their data, ports and random passwords outlive this process, as a compose volume's would,
     * and a later start on the same home finds them again. A null home starts fresh, throw-away services.
     */
    public static EmbeddedServices start(String names, Path home) {
        List<String> wanted = parse(names);
        if (home != null) ownerOnly(home);
        // the databases mostly wait for their install tools, Kafka mostly loads classes: side by side, starting
        // them all takes about as long as starting the slowest
        CompletableFuture<EmbeddedPostgres> pg = startAside(wanted.contains("postgres"), "postgres", () ->
                EmbeddedPostgres.start(home == null ? EmbeddedPostgres.Options.defaults()
                        : EmbeddedPostgres.Options.defaults().keptIn(home.resolve("postgres"))));
        // with a row binlog: the stack's MariaDB may be a CDC source (mysql-cdc) as well as a target
        CompletableFuture<EmbeddedMariaDb> maria = startAside(wanted.contains("mariadb"), "mariadb", () ->
                EmbeddedMariaDb.start(home == null ? null : home.resolve("mariadb"), true));
        EmbeddedKafka kafka = null;
        RuntimeException failure = null;
        try {
            kafka = wanted.contains("kafka") ? EmbeddedKafka.start(home == null ? null : home.resolve("kafka")) : null;
        } catch (RuntimeException e) {
            failure = e;
        }
        EmbeddedPostgres startedPg = null;
        EmbeddedMariaDb startedMaria = null;
        try {
            startedPg = join(pg);
        } catch (RuntimeException e) {
            failure = first(failure, e);
        }
        try {
            startedMaria = join(maria);
        } catch (RuntimeException e) {
            failure = first(failure, e);
        }
        if (failure == null) return new EmbeddedServices(startedPg, startedMaria, kafka);
        for (AutoCloseable started : new AutoCloseable[] {kafka, startedMaria, startedPg}) {
            try {
                if (started != null) started.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    private static void ownerOnly(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + " for the embedded services", e);
        }
    }

    private static <T> CompletableFuture<T> startAside(boolean wanted, String name, Supplier<T> start) {
        if (!wanted) return CompletableFuture.completedFuture(null);
        return CompletableFuture.supplyAsync(start, task -> {
            Thread t = new Thread(task, "cdcbridge-embedded-" + name + "-start");
            t.setDaemon(true);
            t.start();
        });
    }

    private static RuntimeException first(RuntimeException earlier, RuntimeException later) {
        if (earlier == null) return later;
        earlier.addSuppressed(later);
        return earlier;
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

    /** Whether MariaDB was started. */
    public boolean hasMariaDb() {
        return mariadb != null;
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

    /** The MariaDB server; fails if it was not asked for. */
    public EmbeddedMariaDb mariadb() {
        if (mariadb == null) throw new IllegalStateException("no embedded mariadb was started");
        return mariadb;
    }

    /** The Kafka broker; fails if it was not asked for. */
    public EmbeddedKafka kafka() {
        if (kafka == null) throw new IllegalStateException("no embedded kafka was started");
        return kafka;
    }

    /**
     * POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DATABASE, the same five MYSQL_*
     * for MariaDB, KAFKA_BOOTSTRAP_SERVERS: those of the services that were started.
     */
    public Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        if (postgres != null) v.putAll(postgres.variables("POSTGRES"));
        if (mariadb != null) v.putAll(mariadb.variables("MYSQL"));
        if (kafka != null) v.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        return v;
    }

    /** Stops the services in the reverse order of their start. */
    @Override
    public void close() {
        try {
            if (kafka != null) kafka.close();
        } finally {
            try {
                if (mariadb != null) mariadb.close();
            } finally {
                if (postgres != null) postgres.close();
            }
        }
    }
}
