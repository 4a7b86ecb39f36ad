package io.cdcbridge.bench.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Flink SQL of the Kafka-path benchmarks' Flink pipelines, each two statements: publish the customers table to
 * the topic, then apply the topic to the target.
 */
public final class FlinkScripts {

    private static final String FIELDS = """
            id INT, fname STRING, lname STRING, email STRING, street STRING, zip STRING, city STRING, phone STRING,
              status INT, registered TIMESTAMP(6), updated_at TIMESTAMP(3)""";
    private static final String KEY = ", PRIMARY KEY (id) NOT ENFORCED";
    private static final String COLUMNS = FIELDS + KEY;
    // Debezium's form of the times on the topic: microseconds (MicroTimestamp) and milliseconds (Timestamp) since
    // the epoch, which Flink's debezium-json reads as numbers only
    private static final String TOPIC_FIELDS = """
            id INT, fname STRING, lname STRING, email STRING, street STRING, zip STRING, city STRING, phone STRING,
              status INT, registered BIGINT, updated_at BIGINT""";
    // a row of the topic's form as the target's
    private static final String TO_TARGET = """
            %1$sid, %1$sfname, %1$slname, %1$semail, %1$sstreet, %1$szip, %1$scity, %1$sphone, %1$sstatus,
              CAST(TO_TIMESTAMP_LTZ(%1$sregistered / 1000, 3) AS TIMESTAMP(6)), CAST(TO_TIMESTAMP_LTZ(%1$supdated_at, 3) AS TIMESTAMP(3))""";
    private static final String COMMON = """
            SET 'parallelism.default' = '2';
            SET 'execution.checkpointing.interval' = '5s';
            """;

    /** How the apply half reads Debezium's events from the topic. */
    public enum Reader {
        /** Flink's {@code kafka} with {@code debezium-json}: a changelog, a delete as a delete. */
        DEBEZIUM_JSON,
        /** {@code cdcbridge-kafka} with {@code cdc-json}: one row per event, a delete as its before image flagged. */
        CDC_JSON
    }

    private FlinkScripts() {}

    /**
     * cdcbridge-postgres -> debezium-kafka; the topic -> cdcbridge-jdbc, soft deletes. {@code schemas}: each event
     * with its Connect schema (JsonConverter's {@code schemas.enable=true}, Debezium's default) or without.
     */
    public static String cdcbridge(String slot, String topicPrefix, String topic, String table, boolean schemas, Reader reader) {
        Map<String, String> source = postgres("cdcbridge-postgres", slot);
        source.put("scan.incremental.snapshot.chunk.size", "50000");
        Map<String, String> events = new LinkedHashMap<>();
        events.put("connector", "debezium-kafka");
        events.put("topic.prefix", topicPrefix);
        events.put("topic", topic);
        events.put("tombstones.on.delete", "true");
        events.put("schemas.enable", Boolean.toString(schemas));
        // the events' source block, as Debezium's names the table
        events.put("source.db", "${POSTGRES_DATABASE}");
        events.put("source.schema", "inventory");
        events.put("source.table", "customers");
        events.put("properties.bootstrap.servers", "${KAFKA_BOOTSTRAP_SERVERS}");
        return COMMON + """
                SET 'table.local-time-zone' = 'UTC';
                SET 'table.exec.sink.upsert-materialize' = 'NONE';
                CREATE TABLE customers_pg (%1$s) WITH (%2$s);
                CREATE TABLE customers_events (%1$s) WITH (%3$s);
                SET 'client.statement-name' = 'bench-publish';
                INSERT INTO customers_events SELECT * FROM customers_pg;
                """.formatted(COLUMNS, options(source), options(events)) + apply(topic, "bench-apply", table, schemas, reader);
    }

    /**
     * cdcbridge-jdbc writing {@code rows} rows generated in Flink (a bounded sequence), the rows MariaDB applies alone
     * from a table it holds ({@code MariaDbTarget}), updated_at aside: the sink with no source and no format before it.
     */
    public static String generated(String statement, String table, long rows) {
        Map<String, String> sequence = new LinkedHashMap<>();
        sequence.put("connector", "datagen");
        sequence.put("fields.seq.kind", "sequence");
        sequence.put("fields.seq.start", "1");
        sequence.put("fields.seq.end", Long.toString(rows));
        sequence.put("rows-per-second", Long.toString(Long.MAX_VALUE));
        return """
                SET 'table.local-time-zone' = 'UTC';
                SET 'table.exec.sink.upsert-materialize' = 'NONE';
                CREATE TABLE generated_rows (seq BIGINT) WITH (%1$s);
                CREATE TABLE customers_mariadb (%2$s) WITH (%3$s);
                SET 'client.statement-name' = '%4$s';
                INSERT INTO customers_mariadb
                SELECT CAST(seq AS INT), CONCAT('first', CAST(seq AS STRING)), CONCAT('last', CAST(seq AS STRING)),
                       CONCAT('user', CAST(seq AS STRING), '@example.com'), CONCAT(CAST(seq AS STRING), ' Main St'),
                       LPAD(CAST(MOD(seq, 100000) AS STRING), 5, '0'), 'Springfield', CONCAT('(555) ', CAST(seq AS STRING)),
                       CAST(1 + MOD(seq, 4) AS INT),
                       CAST(TIMESTAMPADD(MINUTE, CAST(seq AS INT), TIMESTAMP '2020-01-01 00:00:00') AS TIMESTAMP(6)),
                       CAST(TIMESTAMP '2024-01-01 00:00:00' AS TIMESTAMP(3))
                FROM generated_rows;
                """.formatted(options(sequence), COLUMNS, options(mariadb(table)), statement);
    }

    /** The topic cdcbridge's pipeline wrote (with schemas or without) -> cdcbridge-jdbc, soft deletes: its apply half. */
    public static String apply(String topic, String statement, String table, boolean schemas, Reader reader) {
        String head = """
                SET 'table.local-time-zone' = 'UTC';
                SET 'table.exec.sink.upsert-materialize' = 'NONE';
                """;
        if (reader == Reader.DEBEZIUM_JSON) {
            Map<String, String> read = topic(topic, statement);
            read.put("debezium-json.schema-include", Boolean.toString(schemas));
            return head + """
                    CREATE TABLE customers_topic (%1$s) WITH (%2$s);
                    CREATE TABLE customers_mariadb (%3$s) WITH (%4$s);
                    SET 'client.statement-name' = '%5$s';
                    INSERT INTO customers_mariadb SELECT %6$s FROM customers_topic;
                    """.formatted(TOPIC_FIELDS + KEY, options(read), COLUMNS, options(mariadb(table)), statement,
                    TO_TARGET.formatted(""));
        }
        // cdc-json skips an event's schema unparsed, whichever the form; a delete is its before image with the
        // soft-delete flag, a column of the table here, version-guarded as any upsert
        Map<String, String> read = topic(topic, statement);
        read.put("connector", "cdcbridge-kafka");
        read.put("format", "cdc-json");
        read.put("cdc-json.key-fields", "id");
        Map<String, String> sink = mariadb(table);
        sink.put("delete-mode", "ignore");
        return head + """
                CREATE TABLE customers_changes (op STRING, `before` ROW<%1$s>, `after` ROW<%1$s>, ts_ms BIGINT) WITH (%2$s);
                CREATE TABLE customers_mariadb (%3$s, `__deleted` BOOLEAN%4$s) WITH (%5$s);
                SET 'client.statement-name' = '%6$s';
                INSERT INTO customers_mariadb SELECT %7$s, op = 'd'
                  FROM (SELECT op, CASE WHEN op = 'd' THEN `before` ELSE `after` END AS r FROM customers_changes);
                """.formatted(TOPIC_FIELDS, options(read), FIELDS, KEY, options(sink), statement, TO_TARGET.formatted("r."));
    }

    /**
     * cdcbridge-postgres -> upsert-kafka, key and value in JSON or in Avro (Confluent's wire format, the server's
     * registry); the same topic read back by upsert-kafka -> cdcbridge-jdbc, soft deletes: one pipeline twice, only the
     * format told apart.
     */
    public static String upsert(String slot, String topic, String table, boolean avro) {
        Map<String, String> source = postgres("cdcbridge-postgres", slot);
        source.put("scan.incremental.snapshot.chunk.size", "50000");
        Map<String, String> events = new LinkedHashMap<>();
        events.put("connector", "upsert-kafka");
        events.put("topic", topic);
        events.put("properties.bootstrap.servers", "${KAFKA_BOOTSTRAP_SERVERS}");
        for (String part : new String[] {"key", "value"}) {
            events.put(part + ".format", avro ? "avro-confluent" : "json");
            if (avro) events.put(part + ".avro-confluent.url", "${SCHEMA_REGISTRY_URL}");
        }
        return COMMON + """
                SET 'table.exec.sink.upsert-materialize' = 'NONE';
                CREATE TABLE customers_pg (%1$s) WITH (%2$s);
                CREATE TABLE customers_events (%1$s) WITH (%3$s);
                SET 'client.statement-name' = 'bench-publish';
                INSERT INTO customers_events SELECT * FROM customers_pg;
                CREATE TABLE customers_mariadb (%1$s) WITH (%4$s);
                SET 'client.statement-name' = 'bench-apply';
                INSERT INTO customers_mariadb SELECT * FROM customers_events;
                """.formatted(COLUMNS, options(source), options(events), options(mariadb(table)));
    }

    /** postgres-cdc -> kafka with debezium-json (keyed by id); the topic -> Flink's jdbc sink (MySQL dialect). */
    public static String stock(String slot, String topic, String table) {
        Map<String, String> source = postgres("postgres-cdc", slot);
        source.put("scan.incremental.snapshot.chunk.size", "50000");
        source.put("scan.incremental.snapshot.backfill.skip", "true");
        Map<String, String> events = new LinkedHashMap<>();
        events.put("connector", "kafka");
        events.put("topic", topic);
        events.put("properties.bootstrap.servers", "${KAFKA_BOOTSTRAP_SERVERS}");
        events.put("key.format", "json");
        events.put("key.fields", "id");
        events.put("value.format", "debezium-json");
        Map<String, String> read = topic(topic, "bench-stock-apply");
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector", "jdbc");
        sink.put("url", "jdbc:mysql://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}?rewriteBatchedStatements=true");
        sink.put("driver", "com.mysql.cj.jdbc.Driver");
        sink.put("username", "${MYSQL_USER}");
        sink.put("password", "${MYSQL_PASSWORD}");
        sink.put("table-name", table);
        sink.put("sink.buffer-flush.max-rows", "5000");
        // Flink's own network buffer timeout, copying between operators and Debezium's poll interval, pinned as
        // pg-to-pg's stock pipelines pin them (cdcbridge's statements default otherwise)
        source.put("debezium.poll.interval.ms", "500");
        return COMMON + """
                SET 'execution.buffer-timeout.interval' = '100ms';
                SET 'pipeline.object-reuse' = 'false';
                CREATE TABLE customers_pg (%1$s) WITH (%2$s);
                CREATE TABLE customers_events (%3$s) WITH (%4$s);
                SET 'client.statement-name' = 'bench-stock-publish';
                INSERT INTO customers_events SELECT * FROM customers_pg;
                CREATE TABLE customers_topic (%3$s) WITH (%5$s);
                CREATE TABLE customers_mariadb (%1$s) WITH (%6$s);
                SET 'client.statement-name' = 'bench-stock-apply';
                INSERT INTO customers_mariadb SELECT * FROM customers_topic;
                """.formatted(COLUMNS, options(source), FIELDS, options(events),
                options(read), options(sink));
    }

    // cdcbridge-jdbc into the MariaDB table: soft deletes, guarded by updated_at
    private static Map<String, String> mariadb(String table) {
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector", "cdcbridge-jdbc");
        sink.put("url", "jdbc:mariadb://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}");
        sink.put("username", "${MYSQL_USER}");
        sink.put("password", "${MYSQL_PASSWORD}");
        sink.put("table-name", table);
        sink.put("delete-mode", "soft");
        sink.put("version-column", "updated_at");
        return sink;
    }

    /** The options every PostgreSQL source of the bench shares: the embedded database, table inventory.customers, the slot. */
    public static Map<String, String> postgres(String connector, String slot) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector", connector);
        source.put("hostname", "${POSTGRES_HOST}");
        source.put("port", "${POSTGRES_PORT}");
        source.put("username", "${POSTGRES_USER}");
        source.put("password", "${POSTGRES_PASSWORD}");
        source.put("database-name", "${POSTGRES_DATABASE}");
        source.put("schema-name", "inventory");
        source.put("table-name", "customers");
        source.put("slot.name", slot);
        source.put("decoding.plugin.name", "pgoutput");
        return source;
    }

    private static Map<String, String> topic(String topic, String group) {
        Map<String, String> read = new LinkedHashMap<>();
        read.put("connector", "kafka");
        read.put("topic", topic);
        read.put("properties.bootstrap.servers", "${KAFKA_BOOTSTRAP_SERVERS}");
        read.put("properties.group.id", group);
        read.put("scan.startup.mode", "earliest-offset");
        read.put("format", "debezium-json");
        return read;
    }

    public static String options(Map<String, String> options) {
        return options.entrySet().stream().map(e -> "'" + e.getKey() + "' = '" + e.getValue().replace("'", "''") + "'")
                .collect(Collectors.joining(", "));
    }
}
