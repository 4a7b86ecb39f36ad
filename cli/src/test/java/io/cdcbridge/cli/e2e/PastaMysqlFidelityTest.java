package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.demo.ExampleSteps;
import io.cdcbridge.cli.demo.PastaMysqlDemo;
import io.cdcbridge.cli.demo.QueryResult;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's path for more than pasta, on real PostgreSQL, Kafka, MariaDB and Flink: PostgreSQL -> postgres-cdc ->
 * debezium-kafka -> Kafka -> Flink's kafka connector with debezium-json -> cdcbridge-jdbc into MariaDB and into
 * PostgreSQL. Every value arrives exact, an unchanged TOASTed column is kept, a row MariaDB refuses is a dead letter.
 */
@Tag("integration")
class PastaMysqlFidelityTest {

    private static final String CDC_METADATA = "db STRING METADATA FROM 'database_name' VIRTUAL,"
            + " schema_name STRING METADATA FROM 'schema_name' VIRTUAL, table_name STRING METADATA FROM 'table_name' VIRTUAL,"
            + " op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL";
    private static final String EVENT_METADATA = "db STRING METADATA FROM 'source.db',"
            + " schema_name STRING METADATA FROM 'source.schema', table_name STRING METADATA FROM 'source.table',"
            + " op_ts TIMESTAMP_LTZ(3) METADATA FROM 'source.ts_ms'";
    private static final String MYSQL = "'connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:mysql://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}',"
            + " 'username' = '${MYSQL_USER}', 'password' = '${MYSQL_PASSWORD}'";
    private static final String POSTGRES = "'connector' = 'cdcbridge-jdbc',"
            + " 'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',"
            + " 'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}'";

    static Path workspace;
    static LocalStack stack;
    static ExampleSteps steps;

    @BeforeAll
    static void start() throws Exception {
        workspace = Files.createTempDirectory("cdcbridge-fidelity-");
        stack = LocalStack.start(LocalStack.Options.local(workspace, PastaMysqlDemo.SERVICES)
                .withDefaults(java.util.Map.of("execution.checkpointing.interval", "2s")));
        steps = new ExampleSteps("pasta-mysql", stack, new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) stack.close();
        try (var files = Files.walk(workspace)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyTypeArrivesExactInMariaDbAndInPostgres() {
        stack.services().postgres().execute("""
                create table kinds (id bigint primary key, label text, amount numeric(20,6), big bigint, flag boolean,
                  born date, seen_at timestamp, paid_at timestamptz, doc jsonb, photo bytea, uid uuid);
                alter table kinds replica identity full;
                insert into kinds values
                  (1, 'grüße ☃ 𝄞 "quoted"', 12345678901234.123456, 9223372036854775807, true, '2024-02-29',
                   '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123456+02', '{"b": "ü", "a": [1, 2.5, null]}',
                   '\\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
                  (2, '', -99999999999999.999999, -9223372036854775808, false, '1969-12-31', '1969-12-31 23:59:59.999999',
                   '1970-01-01 00:00:00.5+00', '[]', '\\x', '00000000-0000-0000-0000-000000000000'),
                  (3, null, null, null, null, null, null, null, null, null, null)""");
        String columns = "id BIGINT NOT NULL, label STRING, amount DECIMAL(20, 6), big BIGINT, flag BOOLEAN, born DATE,"
                + " seen_at TIMESTAMP(6), paid_at TIMESTAMP_LTZ(6), doc STRING, photo BYTES, uid STRING";
        // postgres-cdc 3.5 cannot read PostgreSQL arrays, so the array is made in Flink; decimals as strings, the
        // Debezium option that Flink's debezium-json reads as DECIMAL (Connect's Decimal bytes it reads only as BYTES)
        publish("kinds", columns + ", " + CDC_METADATA, columns + ", words ARRAY<STRING>, " + EVENT_METADATA, "id",
                "id, label, amount, big, flag, born, seen_at, paid_at, doc, photo, uid, ARRAY[label, CAST(NULL AS STRING)],"
                        + " db, schema_name, table_name, op_ts",
                ", 'fields.doc.semantic-type' = 'json', 'fields.uid.semantic-type' = 'uuid', 'decimal.handling.mode' = 'string'");
        String targetColumns = columns + ", words STRING, PRIMARY KEY (id) NOT ENFORCED";
        // Debezium's Date (days) and MicroTimestamp (µs) arrive as numbers: made DATE and TIMESTAMP(6) exactly;
        // the target tables have no array type the sink maps to, so the array becomes its JSON text
        steps.runSql("kinds-sink.sql", """
                CREATE TABLE kinds_topic (id BIGINT NOT NULL, label STRING, amount DECIMAL(20, 6), big BIGINT,
                  flag BOOLEAN, born INT, seen_at BIGINT, paid_at TIMESTAMP_LTZ(6), doc STRING, photo BYTES, uid STRING,
                  words ARRAY<STRING>, PRIMARY KEY (id) NOT ENFORCED)
                WITH (%s, 'debezium-json.timestamp-format.standard' = 'ISO-8601');
                CREATE VIEW kinds_decoded AS SELECT id, label, amount, big, flag,
                  CAST(TIMESTAMPADD(DAY, born, DATE '1970-01-01') AS DATE) AS born,
                  CAST(CONCAT(DATE_FORMAT(TIMESTAMPADD(SECOND, CAST(FLOOR(seen_at / 1000000.0) AS INT),
                      TIMESTAMP '1970-01-01 00:00:00'), 'yyyy-MM-dd HH:mm:ss'), '.',
                    LPAD(CAST(CAST(seen_at - FLOOR(seen_at / 1000000.0) * 1000000 AS BIGINT) AS STRING), 6, '0'))
                    AS TIMESTAMP(6)) AS seen_at,
                  paid_at, doc, photo, uid, JSON_STRING(words) AS words
                FROM kinds_topic;
                """.formatted(topicOptions("types.public.kinds")) + intoBothTargets("kinds", targetColumns, "kinds_decoded"));

        List<List<Object>> mysqlRows = await(mariadb(), """
                select cast(id as char), label, cast(amount as char), cast(big as char), cast(flag as char),
                  cast(born as char), cast(seen_at as char), cast(paid_at as char), doc, hex(photo), uid, words
                from kinds_mysql order by id""", rows -> rows.size() == 3);
        assertThat(mysqlRows).containsExactlyElementsOf(expectedKinds("1", "0")); // BOOLEAN is TINYINT(1) there
        List<List<Object>> pgRows = await(stack.services().postgres(), """
                select id::text, label, amount::text, big::text, flag::text, born::text, seen_at::text,
                  to_char(paid_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), doc, upper(encode(photo, 'hex')), uid, words
                from kinds_pg order by id""", rows -> rows.size() == 3);
        assertThat(pgRows).containsExactlyElementsOf(expectedKinds("true", "false"));

        // the tables the sink created
        assertThat(QueryResult.of(mariadb(), "select column_name, column_type from information_schema.columns"
                + " where table_schema = database() and table_name = 'kinds_mysql' order by ordinal_position").rows())
                .containsExactly(List.of("id", "bigint(20)"), List.of("label", "longtext"), List.of("amount", "decimal(20,6)"),
                        List.of("big", "bigint(20)"), List.of("flag", "tinyint(1)"), List.of("born", "date"),
                        List.of("seen_at", "datetime(6)"), List.of("paid_at", "datetime(6)"), List.of("doc", "longtext"),
                        List.of("photo", "longblob"), List.of("uid", "longtext"), List.of("words", "longtext"));
        assertThat(QueryResult.of(stack.services().postgres(), "select attname::text, format_type(atttypid, atttypmod)"
                + " from pg_attribute where attrelid = 'kinds_pg'::regclass and attnum > 0 order by attnum").rows())
                .containsExactly(List.of("id", "bigint"), List.of("label", "text"), List.of("amount", "numeric(20,6)"),
                        List.of("big", "bigint"), List.of("flag", "boolean"), List.of("born", "date"),
                        List.of("seen_at", "timestamp(6) without time zone"), List.of("paid_at", "timestamp(6) with time zone"),
                        List.of("doc", "text"), List.of("photo", "bytea"), List.of("uid", "text"), List.of("words", "text"));
        stopStatements("kinds-publish", "kinds-sink");
    }

    @Test
    void anUpdateLeavingAToastedColumnUnchangedKeepsItsValueInTheTargets() {
        // 160 kB of hex digits: stored out of line, in the table's TOAST relation
        stack.services().postgres().execute("""
                create table notes (id int primary key, n int, body text);
                alter table notes replica identity full;
                insert into notes select 1, 1, string_agg(md5(i::text), '') from generate_series(1, 5000) i""");
        String body = (String) QueryResult.of(stack.services().postgres(), "select body from notes").rows().get(0).get(0);
        assertThat(QueryResult.of(stack.services().postgres(),
                "select pg_relation_size(reltoastrelid) > 0 from pg_class where relname = 'notes'").rows())
                .containsExactly(List.of(true));
        String columns = "id INT NOT NULL, n INT, body STRING";
        publish("notes", columns + ", " + CDC_METADATA, columns + ", " + EVENT_METADATA, "id", "*", "");
        String target = columns + ", PRIMARY KEY (id) NOT ENFORCED";
        steps.runSql("notes-sink.sql", "CREATE TABLE notes_topic (" + target + ") WITH (" + topicOptions("toast.public.notes") + ");\n"
                + intoBothTargets("notes", target, "notes_topic"));
        await(mariadb(), "select n from notes_mysql", rows -> rows.equals(List.of(List.of(1))));

        stack.services().postgres().execute("update notes set n = 2 where id = 1");
        for (String[] t : new String[][] {{"mariadb", "notes_mysql"}, {"postgres", "notes_pg"}}) {
            EmbeddedDatabase db = t[0].equals("mariadb") ? mariadb() : stack.services().postgres();
            List<List<Object>> rows = await(db, "select id, n, body from " + t[1], r -> r.equals(List.of(List.of(1, 2, body))));
            assertThat(rows).as(t[1]).containsExactly(List.of(1, 2, body));
        }
        stopStatements("notes-publish", "notes-sink");
    }

    @Test
    void aRowMariaDbRefusesIsADeadLetterAndTheOthersAreWritten() {
        stack.services().kafka().createTopic("short_names_dlq", 1);
        mariadb().execute("create table short_names (id int not null, name varchar(10) not null primary key, cooking_minutes int)");
        stack.services().postgres().execute("""
                create table short_names (id serial, name varchar primary key, cooking_minutes int);
                alter table short_names replica identity full;
                insert into short_names (name, cooking_minutes) values ('penne', 11), ('pappardelle al ragù', 5), ('fusilli', 10)""");
        String columns = "id INT NOT NULL, name STRING NOT NULL, cooking_minutes INT";
        publish("short_names", columns + ", " + CDC_METADATA, columns + ", " + EVENT_METADATA, "name", "*", "");
        steps.runSql("short-names-sink.sql", """
                CREATE TABLE short_names_topic (%s, PRIMARY KEY (name) NOT ENFORCED) WITH (%s);
                CREATE TABLE short_names_mysql (%s, PRIMARY KEY (name) NOT ENFORCED) WITH (%s, 'table-name' = 'short_names',
                  'dlq.topic' = 'short_names_dlq', 'dlq.properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}');
                SET 'client.statement-name' = 'short-names-sink';
                INSERT INTO short_names_mysql SELECT * FROM short_names_topic;
                """.formatted(columns, topicOptions("dlq.public.short_names"), columns, MYSQL));

        List<TopicRecord> letters = steps.events("short_names_dlq", 1);
        assertThat(letters).hasSize(1);
        TopicRecord letter = letters.get(0);
        assertThat(letter.key()).isEqualTo("{\"name\":\"pappardelle al ragù\"}");
        assertThat(json(letter.value())).isEqualTo(json("{\"id\":2,\"name\":\"pappardelle al ragù\",\"cooking_minutes\":5}"));
        assertThat(letter.headers().get("cdcbridge.error.reason")).contains("Data too long for column 'name'");
        assertThat(letter.headers().get("cdcbridge.target.table")).isEqualTo("short_names");
        assertThat(letter.headers().get("cdcbridge.error.sql-state")).isEqualTo("22001");
        assertThat(await(mariadb(), "select id, name, cooking_minutes from short_names order by id", rows -> rows.size() == 2))
                .containsExactly(List.of(1, "penne", 11), List.of(3, "fusilli", 10));
        assertThat(new ServerClient(stack.url()).statement("short-names-sink").path("status").path("phase").asText())
                .isEqualTo("RUNNING");
        stopStatements("short_names-publish", "short-names-sink");
    }

    @Test
    void hostileIdentifiersGoThroughEveryPathAndTheNamesDerivedFromThemAreValid() throws Exception {
        // a schema, a table and columns with spaces, mixed case, reserved words and letters beyond ASCII
        stack.services().postgres().execute("""
                create schema "My Schema";
                create table "My Schema"."Order Lines" (id int primary key, "Mixed Case" text, "from" int,
                  "a b" numeric(10,2), "ünï" text);
                alter table "My Schema"."Order Lines" replica identity full;
                insert into "My Schema"."Order Lines" values (1, 'Grüße "q"', 7, 1.50, 'ü'), (2, null, null, null, null)""");
        String columns = "id INT NOT NULL, `Mixed Case` STRING, `from` INT, `a b` DECIMAL(10, 2), `ünï` STRING";
        String named = ", 'source.schema' = 'My Schema', 'source.table' = 'Order Lines',"
                + " 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'";
        // cdcbridge-postgres -> debezium-kafka in JSON and in Avro, the topics named after schema and table
        steps.runSql("hostile-publish.sql", """
                CREATE TABLE `Order Lines` (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'cdcbridge-postgres',
                  'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}', 'username' = '${POSTGRES_USER}',
                  'password' = '${POSTGRES_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}',
                  'schema-name' = 'My Schema', 'table-name' = 'Order Lines', 'slot.name' = 'hostile_slot');
                CREATE TABLE `from json` (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'debezium-kafka',
                  'topic.prefix' = 'hostile'%2$s, 'decimal.handling.mode' = 'string');
                CREATE TABLE `from avro` (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'debezium-kafka',
                  'topic.prefix' = 'hostile-avro'%2$s, 'format' = 'avro-confluent', 'avro-confluent.url' = '${SCHEMA_REGISTRY_URL}');
                SET 'client.statement-name' = 'hostile-publish';
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO `from json` SELECT * FROM `Order Lines`;
                  INSERT INTO `from avro` SELECT * FROM `Order Lines`;
                END;
                """.formatted(columns, named));
        stack.services().postgres().execute("insert into \"My Schema\".\"Order Lines\" values (3, 'streamed', -1, 99999999.99, 'ï')");

        // the topics and the Avro names made valid as Debezium makes them; the events keep the names as they are
        String jsonTopic = "hostile.My_Schema.Order_Lines";
        String avroTopic = "hostile-avro.My_Schema.Order_Lines";
        JsonNode event = json(steps.events(jsonTopic, 3).get(0).value());
        assertThat(event.path("schema").path("name").asText()).isEqualTo(jsonTopic + ".Envelope");
        assertThat(event.path("payload").path("source").path("schema").asText()).isEqualTo("My Schema");
        assertThat(event.path("payload").path("source").path("table").asText()).isEqualTo("Order Lines");
        List<String> fields = new java.util.ArrayList<>();
        event.path("payload").path("after").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "Mixed Case", "from", "a b", "ünï");
        assertThat(steps.events(avroTopic, 3)).hasSize(3);
        JsonNode envelope = json(registry("/subjects/" + avroTopic + "-value/versions/latest").path("schema").asText());
        assertThat(envelope.path("namespace").asText()).isEqualTo("hostile_avro.My_Schema.Order_Lines");
        fields.clear();
        envelope.path("fields").get(0).path("type").get(1).path("fields").forEach(f -> fields.add(f.path("name").asText()));
        assertThat(fields).containsExactly("id", "Mixed_Case", "from", "a_b", "_n_");
        assertThat(registry("/subjects/" + avroTopic + "-key/versions/latest").path("schema").asText())
                .contains("\"namespace\":\"hostile_avro.My_Schema.Order_Lines\"");

        // both topics read back into PostgreSQL and MariaDB tables the sink creates under names as hostile
        String key = ", PRIMARY KEY (id) NOT ENFORCED";
        String after = "`after`.id, `after`.`Mixed Case`, `after`.`from`, `after`.`a b`, `after`.`ünï`";
        steps.runSql("hostile-sink.sql", """
                CREATE TABLE hostile_json_in (%1$s%2$s) WITH (%3$s);
                CREATE TABLE hostile_avro_in (`after` ROW<%1$s>, op STRING) WITH ('connector' = 'kafka', 'topic' = '%4$s',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'scan.startup.mode' = 'earliest-offset',
                  'format' = 'avro-confluent', 'avro-confluent.url' = '${SCHEMA_REGISTRY_URL}');
                CREATE TABLE `select` (%1$s%2$s) WITH (%5$s, 'table-name' = 'select', 'auto-create' = 'true');
                CREATE TABLE `select pg` (%1$s%2$s) WITH (%6$s, 'table-name' = 'My Schema.select', 'auto-create' = 'true');
                CREATE TABLE `Select Avro` (%1$s%2$s) WITH (%5$s, 'table-name' = 'Select Avro', 'auto-create' = 'true');
                CREATE TABLE `Select Avro pg` (%1$s%2$s) WITH (%6$s, 'table-name' = 'My Schema.Select Avro', 'auto-create' = 'true');
                SET 'client.statement-name' = 'hostile-sink';
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO `select` SELECT * FROM hostile_json_in;
                  INSERT INTO `select pg` SELECT * FROM hostile_json_in;
                  INSERT INTO `Select Avro` SELECT %7$s FROM hostile_avro_in WHERE op <> 'd';
                  INSERT INTO `Select Avro pg` SELECT %7$s FROM hostile_avro_in WHERE op <> 'd';
                END;
                """.formatted(columns, key, topicOptions(jsonTopic), avroTopic, MYSQL, POSTGRES, after));
        List<List<Object>> expected = List.of(List.of("1", "Grüße \"q\"", "7", "1.50", "ü"),
                Arrays.asList("2", null, null, null, null), List.of("3", "streamed", "-1", "99999999.99", "ï"));
        for (String table : List.of("select", "Select Avro")) {
            assertThat(await(mariadb(), "select cast(id as char), `Mixed Case`, cast(`from` as char), cast(`a b` as char), `ünï`"
                    + " from `" + table + "` order by id", rows -> rows.size() == 3)).as(table).isEqualTo(expected);
            assertThat(await(stack.services().postgres(), "select id::text, \"Mixed Case\", \"from\"::text, \"a b\"::text, \"ünï\""
                    + " from \"My Schema\".\"" + table + "\" order by id", rows -> rows.size() == 3)).as(table).isEqualTo(expected);
        }
        assertThat(QueryResult.of(mariadb(), "select column_name from information_schema.columns where table_schema = database()"
                + " and table_name = 'select' order by ordinal_position").rows())
                .containsExactly(List.of("id"), List.of("Mixed Case"), List.of("from"), List.of("a b"), List.of("ünï"));
        assertThat(QueryResult.of(stack.services().postgres(), "select attname::text from pg_attribute"
                + " where attrelid = '\"My Schema\".\"select\"'::regclass and attnum > 0 order by attnum").rows())
                .containsExactly(List.of("id"), List.of("Mixed Case"), List.of("from"), List.of("a b"), List.of("ünï"));

        // a column the target cannot hold is refused when the statement is planned, naming the column; nothing applied
        assertThatThrownBy(() -> steps.runSql("hostile-refused.sql", """
                CREATE TABLE `select bag` (id INT NOT NULL, `a b` MULTISET<STRING>%s) WITH (%s, 'table-name' = 'select bag',
                  'auto-create' = 'true');
                INSERT INTO `select bag` SELECT id, COLLECT(`Mixed Case`) FROM hostile_json_in GROUP BY id;
                """.formatted(key, MYSQL))).hasMessageContaining("column 'a b' is MULTISET<STRING>, which cdcbridge-jdbc does not write");
        assertThat(new ServerClient(stack.url()).statements().toString()).doesNotContain("select bag");
        stopStatements("hostile-publish", "hostile-sink");
    }

    // The kinds rows as text, as both targets hold them but for how they write a boolean.
    private static List<List<Object>> expectedKinds(String yes, String no) {
        String label = "grüße ☃ 𝄞 \"quoted\"";
        String doc = "{\"a\": [1, 2.5, null], \"b\": \"ü\"}"; // jsonb's own text: keys sorted
        return List.of(
                List.of("1", label, "12345678901234.123456", "9223372036854775807", yes, "2024-02-29",
                        "2024-02-29 13:14:15.123456", "2024-02-29 11:14:15.123456", doc, "00FF10",
                        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "[\"grüße ☃ 𝄞 \\\"quoted\\\"\",null]"),
                List.of("2", "", "-99999999999999.999999", "-9223372036854775808", no, "1969-12-31",
                        "1969-12-31 23:59:59.999999", "1970-01-01 00:00:00.500000", "[]", "",
                        "00000000-0000-0000-0000-000000000000", "[\"\",null]"),
                Arrays.asList("3", null, null, null, null, null, null, null, null, null, null, "[null,null]"));
    }

    // The source table on postgres-cdc and the statement <table>-publish writing its events to <prefix>.public.<table>,
    // the prefix being the test's: types, toast, dlq.
    private static void publish(String table, String sourceColumns, String eventColumns, String key, String select,
                                String eventOptions) {
        String prefix = switch (table) {
            case "kinds" -> "types";
            case "notes" -> "toast";
            default -> "dlq";
        };
        stack.services().kafka().createTopic(prefix + ".public." + table, 1);
        steps.runSql(table + "-publish.sql", """
                CREATE TABLE %1$s_source (%2$s, PRIMARY KEY (%3$s) NOT ENFORCED) WITH ('connector' = 'postgres-cdc',
                  'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}', 'username' = '${POSTGRES_USER}',
                  'password' = '${POSTGRES_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}', 'schema-name' = 'public',
                  'table-name' = '%1$s', 'slot.name' = '%1$s_slot', 'decoding.plugin.name' = 'pgoutput',
                  'scan.incremental.snapshot.enabled' = 'true');
                CREATE TABLE %1$s_events (%4$s, PRIMARY KEY (%3$s) NOT ENFORCED) WITH ('connector' = 'debezium-kafka',
                  'topic.prefix' = '%5$s', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'%6$s);
                SET 'client.statement-name' = '%1$s-publish';
                INSERT INTO %1$s_events SELECT %7$s FROM %1$s_source;
                """.formatted(table, sourceColumns, key, eventColumns, prefix, eventOptions, select));
    }

    // <table>_mysql in MariaDB and <table>_pg in PostgreSQL, both created by the sink, written by statement <table>-sink.
    private static String intoBothTargets(String table, String columns, String from) {
        return """
                CREATE TABLE %1$s_mysql (%2$s) WITH (%3$s, 'table-name' = '%1$s_mysql', 'auto-create' = 'true');
                CREATE TABLE %1$s_pg (%2$s) WITH (%4$s, 'table-name' = '%1$s_pg', 'auto-create' = 'true');
                SET 'client.statement-name' = '%1$s-sink';
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO %1$s_mysql SELECT * FROM %5$s;
                  INSERT INTO %1$s_pg SELECT * FROM %5$s;
                END;
                """.formatted(table, columns, MYSQL, POSTGRES, from);
    }

    // Flink's own kafka connector reading Debezium events with schemas, as any Debezium consumer on Flink would.
    private static String topicOptions(String topic) {
        return "'connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',"
                + " 'scan.startup.mode' = 'earliest-offset', 'format' = 'debezium-json', 'debezium-json.schema-include' = 'true'";
    }

    private static List<List<Object>> await(EmbeddedDatabase db, String sql, Predicate<List<List<Object>>> done) {
        Awaitility.await().atMost(ExampleSteps.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> done.test(QueryResult.of(db, sql).rows()));
        return QueryResult.of(db, sql).rows();
    }

    private static JsonNode registry(String path) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.url() + "/registry" + path)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static void stopStatements(String... names) {
        ServerClient server = new ServerClient(stack.url());
        for (String name : names) server.stop(name, false); // frees the slots and cores for the next test
    }

    private static EmbeddedDatabase mariadb() {
        return stack.services().mariadb();
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
