package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.demo.ExampleSteps;
import io.cdcbridge.cli.demo.QueryResult;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.AvroJson;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.connectors.avro.RegistryClient;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every type of docs/types.md through every path, on real PostgreSQL, Kafka, MariaDB and Flink: one PostgreSQL table
 * read by cdcbridge-postgres (snapshot rows, then streamed ones) published to Kafka as JSON and as Avro (the server's
 * registry), each topic written by cdcbridge-jdbc into PostgreSQL (a table of the source's own types) and MariaDB
 * (created by the sink), and as Debezium change events in JSON and Avro. Every value is compared with what the mapping table says:
 * in PostgreSQL the source's value itself, in MariaDB its text, JSON for arrays, NULL for NaN and infinities, and a
 * dead letter naming the column for years MariaDB cannot hold.
 */
@Tag("integration")
class TypesEndToEndTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres,kafka,mariadb").checkpointingEverySecond();

    private static final String COLUMNS = """
            id INT NOT NULL, words ARRAY<STRING>, numbers ARRAY<INT>, doc STRING, docb STRING, uid STRING, huge STRING,
            price STRING, span STRING, at_tz STRING, feeling STRING, qty INT, note STRING, d DOUBLE, r FLOAT,
            ts TIMESTAMP(6), tstz TIMESTAMP_LTZ(6), born DATE, data BYTES, flags STRING, vflags STRING, label STRING,
            big BIGINT, stamps ARRAY<TIMESTAMP(6)>""";
    // rows 1-3 hold the hard values and NULLs, 4 and 5 years before 1 and after 9999; 11-15 are the same, streamed
    private static final String ROWS = """
            (1, '{"a","b,c","q\\"{}\\\\",NULL,"","NULL","grüße ☃ 𝄞"}', '{1,NULL,-2147483648,2147483647}',
             '{"b": 1,  "a": [1, 2.5, null]}', '{"b": "ü", "a": [1, 2.5, null]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
             '123456789012345678901234567890123456789012345.12345678901234567890', '1234.56',
             '1 year 2 mons 3 days 04:05:06.789', '13:14:15.123456+02', 'happy', 7, 'dömain', 'NaN', 'Infinity',
             '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123456+02', '2024-02-29', '\\x00ff10', B'1010', B'101',
             'grüße ☃ 𝄞 "quoted" \\ back', 9223372036854775807,
             '{"2024-02-29 13:14:15.123456",NULL,"1969-12-31 23:59:59.999999"}'),
            (2, '{}', '{}', '[]', '{}', '00000000-0000-0000-0000-000000000000', 'NaN', '-0.01', '-1 days +00:00:01',
             '00:00:00-12:30', 'sad', 1, '', '-Infinity', -0.25, '0001-01-01 00:00:00', '9999-12-31 23:59:59.999999+00',
             '9999-12-31', '\\x', B'0000', B'', '', -9223372036854775808, '{}'),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL),
            (4, '{"x"}', '{0}', 'null', '"s"', NULL, '-1e-30', '0', '0', '24:00:00+00', 'ok', 2, 'x', 1.5, -0.25,
             '4713-01-01 00:00:00 BC', '0044-03-15 12:00:00.5+00 BC', '0044-03-15 BC', NULL, NULL, NULL, NULL, 0, '{"2000-01-01 00:00:00.000001"}'),
            (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             '12345-06-07 08:09:10.123456', '12345-06-07 08:09:10.123456+00', '12345-06-07', NULL, NULL, NULL, NULL, NULL, NULL)""";

    @Test
    void everyTypeArrivesAsTheMappingTableSaysThroughJsonAndAvroInPostgresAndMariaDb() {
        EmbeddedDatabase pg = STACK.services().postgres();
        pg.execute("""
                create type mood as enum ('sad', 'ok', 'happy');
                create domain positive_int as integer check (value > 0);
                create domain short_text as text check (length(value) < 100);
                create table every_type (id int primary key, words text[], numbers int[], doc json, docb jsonb, uid uuid,
                  huge numeric, price money, span interval, at_tz timetz, feeling mood, qty positive_int, note short_text,
                  d double precision, r real, ts timestamp, tstz timestamptz, born date, data bytea, flags bit(4),
                  vflags bit varying(8), label text, big bigint, stamps timestamp[]);
                alter table every_type replica identity full;
                create table types_json_pg (like every_type including all);
                create table types_avro_pg (like every_type including all);
                insert into every_type values\s""" + ROWS);
        STACK.services().kafka().createTopic("types_dlq", 1);
        ExampleSteps steps = new ExampleSteps("types", STACK.stack(), new PrintStream(new ByteArrayOutputStream()));
        steps.runSql("types-publish.sql", """
                CREATE TABLE every_type (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'cdcbridge-postgres',
                  'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}', 'username' = '${POSTGRES_USER}',
                  'password' = '${POSTGRES_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}', 'schema-name' = 'public',
                  'table-name' = 'every_type', 'slot.name' = 'every_type_slot');
                CREATE TABLE types_json (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH (%2$s, 'topic' = 'types_json',
                  'key.format' = 'json', 'value.format' = 'json');
                CREATE TABLE types_avro (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH (%2$s, 'topic' = 'types_avro',
                  'key.format' = 'avro-confluent', 'key.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}',
                  'value.format' = 'avro-confluent', 'value.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}');
                CREATE TABLE types_events (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'debezium-kafka',
                  'topic.prefix' = 'types', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'source.db' = '${POSTGRES_DATABASE}', 'source.schema' = 'public', 'source.table' = 'every_type');
                CREATE TABLE types_avro_events (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'debezium-kafka',
                  'topic.prefix' = 'types_avro', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'source.db' = '${POSTGRES_DATABASE}', 'source.schema' = 'public', 'source.table' = 'every_type',
                  'format' = 'avro-confluent', 'avro-confluent.url' = '${SCHEMA_REGISTRY_URL}');
                SET 'client.statement-name' = 'types-publish';
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO types_json SELECT * FROM every_type;
                  INSERT INTO types_avro SELECT * FROM every_type;
                  INSERT INTO types_events SELECT * FROM every_type;
                  INSERT INTO types_avro_events SELECT * FROM every_type;
                END;
                """.formatted(COLUMNS, "'connector' = 'upsert-kafka', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'"));
        String postgres = "'connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',"
                + " 'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}'";
        String mariadb = "'connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:mysql://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}',"
                + " 'username' = '${MYSQL_USER}', 'password' = '${MYSQL_PASSWORD}', 'auto-create' = 'true',"
                + " 'non-finite-floats' = 'null', 'dlq.topic' = 'types_dlq',"
                + " 'dlq.properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'";
        steps.runSql("types-sink.sql", """
                CREATE TABLE types_json_in (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH (%2$s, 'topic' = 'types_json',
                  'key.format' = 'json', 'value.format' = 'json');
                CREATE TABLE types_avro_in (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH (%2$s, 'topic' = 'types_avro',
                  'key.format' = 'avro-confluent', 'key.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}',
                  'value.format' = 'avro-confluent', 'value.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}');
                CREATE TABLE types_json_pg (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH (%3$s, 'table-name' = 'types_json_pg');
                CREATE TABLE types_avro_pg (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH (%3$s, 'table-name' = 'types_avro_pg');
                CREATE TABLE types_json_maria (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH (%4$s, 'table-name' = 'types_json_maria');
                CREATE TABLE types_avro_maria (%1$s, PRIMARY KEY (id) NOT ENFORCED) WITH (%4$s, 'table-name' = 'types_avro_maria');
                SET 'client.statement-name' = 'types-sink';
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO types_json_pg SELECT * FROM types_json_in;
                  INSERT INTO types_json_maria SELECT * FROM types_json_in;
                  INSERT INTO types_avro_pg SELECT * FROM types_avro_in;
                  INSERT INTO types_avro_maria SELECT * FROM types_avro_in;
                END;
                """.formatted(COLUMNS, "'connector' = 'upsert-kafka', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'",
                postgres, mariadb));
        List<Integer> snapshot = List.of(1, 2, 3, 4, 5);
        assertEveryPathHolds(pg, snapshot);

        // the same rows again, streamed through pgoutput
        pg.execute("insert into every_type select id + 10, words, numbers, doc, docb, uid, huge, price, span, at_tz, feeling,"
                + " qty, note, d, r, ts, tstz, born, data, flags, vflags, label, big, stamps from every_type");
        assertEveryPathHolds(pg, List.of(1, 2, 3, 4, 5, 11, 12, 13, 14, 15));

        // Debezium's envelope carries an array column as an array, as Debezium's PostgreSQL connector does, in JSON
        // (with its schema) and in Avro (decoded with the server's registry)
        TopicRecord first = steps.events("types.public.every_type", records -> records.stream()
                .anyMatch(r -> r.key() != null && r.key().contains("\"id\":1}")), "the event of row 1").stream()
                .filter(r -> r.key() != null && r.key().contains("\"id\":1}")).findFirst().orElseThrow();
        var event = json(first.value());
        assertArrays(event.path("payload").path("after"));
        var wordsSchema = event.path("schema").path("fields").get(1).path("fields").get(1);
        assertThat(wordsSchema.path("type").asText()).isEqualTo("array");
        assertThat(wordsSchema.path("items").path("type").asText()).isEqualTo("string");
        AvroJson avro = new AvroJson(new RegistryClient(STACK.stack().url() + "/registry", null));
        List<com.fasterxml.jackson.databind.JsonNode> afters = new ArrayList<>();
        TopicReader.readRecords(STACK.bootstrap(), "types_avro.public.every_type", true, 0, Duration.ofSeconds(2), r -> {
            try {
                if (r.value() != null) afters.add(avro.decode(r.value()).path("after"));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertArrays(afters.stream().filter(after -> after.path("id").asInt() == 1).findFirst().orElseThrow());
    }

    private static void assertArrays(com.fasterxml.jackson.databind.JsonNode after) {
        assertThat(after.path("words").toString()).isEqualTo("[\"a\",\"b,c\",\"q\\\"{}\\\\\",null,\"\",\"NULL\",\"grüße ☃ 𝄞\"]");
        assertThat(after.path("numbers").toString()).isEqualTo("[1,null,-2147483648,2147483647]");
    }

    // Both PostgreSQL targets equal to the source value by value; both MariaDB targets hold the mapping table's text
    // of each value, and the rows whose years MariaDB cannot hold are dead letters naming the column.
    private static void assertEveryPathHolds(EmbeddedDatabase pg, List<Integer> ids) {
        String in = ids.toString().replace('[', '(').replace(']', ')');
        List<List<Object>> source = QueryResult.of(pg, "select id, t::text from every_type t where id in " + in + " order by id").rows();
        assertThat(source).hasSize(ids.size());
        for (String target : List.of("types_json_pg", "types_avro_pg")) {
            assertThat(await(pg, "select id, t::text from " + target + " t where id in " + in + " order by id",
                    rows -> rows.size() == ids.size())).as(target).containsExactlyElementsOf(source);
        }
        // MariaDB holds years 1 to 9999: rows 4, 5, 14 and 15 are dead letters
        List<Integer> storable = ids.stream().filter(id -> id % 10 != 4 && id % 10 != 5).toList();
        String inMaria = storable.toString().replace('[', '(').replace(']', ')');
        List<List<Object>> expected = QueryResult.of(pg, """
                select id, array_to_json(words)::text, array_to_json(numbers)::text, doc::text, docb::text, uid::text,
                  huge::text, price::text, span::text, at_tz::text, feeling::text, qty, note,
                  case when d::text in ('NaN', 'Infinity', '-Infinity') then null else d::text end,
                  case when r::text in ('NaN', 'Infinity', '-Infinity') then null else r::text end,
                  to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US'), to_char(tstz at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
                  born::text, upper(encode(data, 'hex')), flags::text, vflags::text, label, big::text, array_to_json(stamps)::text
                from every_type where id in %s order by id""".formatted(inMaria)).rows();
        for (String target : List.of("types_json_maria", "types_avro_maria")) {
            assertThat(await(STACK.services().mariadb(), """
                    select id, words, numbers, doc, docb, uid, huge, price, span, at_tz, feeling, qty, note,
                      cast(d as char), cast(r as char), cast(ts as char), cast(tstz as char), cast(born as char), hex(data),
                      flags, vflags, label, cast(big as char), stamps
                    from %s where id in %s order by id""".formatted(target, inMaria), rows -> rows.size() == storable.size()))
                    .as(target).containsExactlyElementsOf(expected);
        }
        int letters = 2 * (ids.size() - storable.size());
        List<TopicRecord> dead = new ExampleSteps("types", STACK.stack(), new PrintStream(new ByteArrayOutputStream()))
                .events("types_dlq", letters);
        assertThat(dead).hasSize(letters);
        assertThat(dead).extracting(r -> r.headers().get("cdcbridge.error.reason")).allSatisfy(reason -> assertThat(reason)
                .matches("column 'ts' holds .*, whose year a MySQL/MariaDB DATE or DATETIME column cannot store \\(it holds the years 1 to 9999\\)"));
    }

    private static List<List<Object>> await(EmbeddedDatabase db, String sql, Predicate<List<List<Object>>> done) {
        Awaitility.await().atMost(ExampleSteps.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> done.test(QueryResult.of(db, sql).rows()));
        return QueryResult.of(db, sql).rows();
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
