package io.cdcbridge.control.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.spill.SpillSpace;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What verifying a statement compares, worked out from its query and its tables' options, on the FakeEngine; for a
 * statement reading and writing topics, its output range against what the fake's bounded job writes to the scratch topic.
 */
class StatementVerificationTest {

    private static final VariableSource VARS = VariableSource.of(List.of(Map.of("PW", "s3cret-value")), name -> Optional.empty());
    private static final String SOURCE = "CREATE TABLE pasta_source (id INT NOT NULL, name STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
            + "WITH ('connector' = 'cdcbridge-postgres', 'hostname' = 'db', 'port' = '5433', 'username' = 'reader', "
            + "'password' = '${PW}', 'database-name' = 'shop', 'schema-name' = 'public', 'table-name' = 'pasta', 'slot.name' = 'pasta_slot')";
    private static final String TARGET = "CREATE TABLE pasta_copy (id INT NOT NULL, title STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
            + "WITH ('connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:mariadb://maria:3306/shop', 'table-name' = 'pasta_copy', "
            + "'username' = 'writer', 'password' = '${PW}', 'delete-mode' = 'soft', 'version-column' = 'minutes')";
    private static final String TOPIC = "CREATE TABLE pasta_topic (id INT NOT NULL, name STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
            + "WITH ('connector' = 'upsert-kafka', 'topic' = 'pasta', 'properties.bootstrap.servers' = 'k:9092', "
            + "'key.format' = 'json', 'value.format' = 'json')";

    private static final String EVENTS = "CREATE TABLE events (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'events',"
            + " 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json')";
    private static final String LATEST = "CREATE TABLE latest (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
            + "'connector' = 'upsert-kafka', 'topic' = 'latest', 'properties.bootstrap.servers' = 'k:9092', 'key.format' = 'json',"
            + " 'value.format' = 'json')";
    private static final String OUT = "CREATE TABLE out_log (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'out',"
            + " 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json')";

    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT =
            Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path dir;

    FakeEngine engine;
    StatementService statements;

    @BeforeEach
    void setUp() {
        engine = new FakeEngine();
        statements = new StatementService(Workspace.open(dir), engine, () -> VARS);
    }

    @AfterEach
    void tearDown() {
        statements.close();
    }

    @Test
    void aRenameIsComparedColumnByColumnWithTheSinksDeletesAndVersion() throws Exception {
        statements.create("copy", "INSERT INTO pasta_copy SELECT id, name AS title, `minutes` FROM pasta_source", Map.of(),
                List.of(SOURCE, TARGET), "copy.sql:1", "local", VARS);

        VerifyRequest r = verification().request("copy");

        assertThat(r.source()).isEqualTo(new VerifyRequest.Location("jdbc:postgresql://db:5433/shop", "reader", "s3cret-value", List.of("public", "pasta")));
        assertThat(r.target()).isEqualTo(new VerifyRequest.Location("jdbc:mariadb://maria:3306/shop", "writer", "s3cret-value", List.of("pasta_copy")));
        assertThat(r.key()).containsExactly(List.of("id", "id"));
        assertThat(r.values()).containsExactly(List.of("name", "title"), List.of("minutes", "minutes"));
        assertThat(r.softDelete()).contains("__deleted");
        assertThat(r.deletesIgnored()).isFalse();
        assertThat(r.version()).contains("minutes");
        assertThat(r.slot()).contains("pasta_slot");
        assertThat(r.note()).isEmpty();
        assertThat(r.source().toString()).doesNotContain("s3cret");
    }

    /**
     * A cdcbridge-mysql source is read with its TLS: verify-identity with its CA file, as its reader connects, given
     * to the driver apart from the URL, whole though its path holds '&', '=', '?' and '#'.
     */
    @Test
    void aMysqlSourceIsReadOverTheTlsItsReaderUses() throws Exception {
        String source = "CREATE TABLE pasta_source (id INT NOT NULL, name STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + "'connector' = 'cdcbridge-mysql', 'hostname' = 'maria', 'port' = '3307', 'username' = 'reader', 'password' = '${PW}',"
                + " 'database-name' = 'shop', 'table-name' = 'pasta', 'ssl.mode' = 'verify-identity', 'ssl.ca' = '/etc/cdc/ca&sslMode=trust?x#1.pem')";
        statements.create("tls", "INSERT INTO pasta_copy SELECT id, name AS title, minutes FROM pasta_source", Map.of(),
                List.of(source, TARGET), "copy.sql:1", "local", VARS);

        VerifyRequest r = verification().request("tls");

        assertThat(r.source()).isEqualTo(new VerifyRequest.Location("jdbc:mysql://maria:3307/shop", "reader", "s3cret-value",
                List.of("shop", "pasta"), Map.of("sslMode", "verify-full", "serverSslCert", "/etc/cdc/ca&sslMode=trust?x#1.pem")));
    }

    @Test
    void aComputedColumnLeavesKeysAndCountsSaidSo() throws Exception {
        statements.create("upper", "INSERT INTO pasta_copy SELECT id, UPPER(name), minutes FROM pasta_source", Map.of(),
                List.of(SOURCE, TARGET), "copy.sql:1", "local", VARS);

        VerifyRequest r = verification().request("upper");

        assertThat(r.key()).containsExactly(List.of("id", "id"));
        assertThat(r.values()).isEmpty();
        assertThat(r.note()).contains("the query computes 'UPPER(name)': keys and counts compared, not values");
    }

    @Test
    void aStatementReadingATopicIsComparedWithTheTableThatFeedsIt() throws Exception {
        String events = "CREATE TABLE pasta_events (id INT NOT NULL, name STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'debezium-kafka', 'topic.prefix' = 'shop', 'properties.bootstrap.servers' = 'k:9092')";
        String topic = "CREATE TABLE pasta_in (id INT NOT NULL, name STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'kafka', 'topic' = 'shop.public.pasta', 'properties.bootstrap.servers' = 'k:9092', "
                + "'format' = 'debezium-json')";
        statements.create("publish", "INSERT INTO pasta_events SELECT * FROM pasta_source", Map.of(),
                List.of(SOURCE, events), "publish.sql:1", "local", VARS);
        statements.create("sink", "INSERT INTO pasta_copy SELECT id, name, minutes FROM pasta_in", Map.of(),
                List.of(topic, TARGET), "sink.sql:1", "local", VARS);

        VerifyRequest r = verification().request("sink");

        assertThat(r.source().name()).containsExactly("public", "pasta");
        assertThat(r.key()).containsExactly(List.of("id", "id"));
        assertThat(r.values()).containsExactly(List.of("name", "title"), List.of("minutes", "minutes"));
        assertThat(r.slot()).contains("pasta_slot");
    }

    @Test
    void hostileNamesAreFollowedThroughTheTopicDebeziumKafkaDerivesFromThem() throws Exception {
        String source = "CREATE TABLE `Order Lines` (id INT NOT NULL, `Mixed Case` STRING, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'cdcbridge-postgres', 'hostname' = 'db', 'username' = 'reader', 'password' = '${PW}', "
                + "'database-name' = 'shop', 'schema-name' = 'My Schema', 'table-name' = 'Order Lines', 'slot.name' = 's')";
        String events = "CREATE TABLE `from` (id INT NOT NULL, `Mixed Case` STRING, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'debezium-kafka', 'topic.prefix' = 'shop', 'properties.bootstrap.servers' = 'k:9092')";
        String topic = "CREATE TABLE `orders in` (id INT NOT NULL, `Mixed Case` STRING, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'kafka', 'topic' = 'shop.My_Schema.Order_Lines', 'properties.bootstrap.servers' = 'k:9092', "
                + "'format' = 'debezium-json')";
        String target = "CREATE TABLE `select` (id INT NOT NULL, `Mixed Case` STRING, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:mariadb://maria:3306/shop', 'table-name' = 'select', "
                + "'username' = 'writer', 'password' = '${PW}')";
        statements.create("publish", "INSERT INTO `from` SELECT * FROM `Order Lines`", Map.of(),
                List.of(source, events), "publish.sql:1", "local", VARS);
        statements.create("sink", "INSERT INTO `select` SELECT id, `Mixed Case` FROM `orders in`", Map.of(),
                List.of(topic, target), "sink.sql:1", "local", VARS);

        VerifyRequest r = verification().request("sink");

        assertThat(r.source().name()).containsExactly("My Schema", "Order Lines");
        assertThat(r.target().name()).containsExactly("select");
        assertThat(r.values()).containsExactly(List.of("Mixed Case", "Mixed Case"));
    }

    @Test
    void aStatementSetIsComparedByItsOneInsertIntoADatabaseTable() throws Exception {
        statements.create("both", "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO pasta_topic SELECT * FROM pasta_source;\n"
                        + "  INSERT INTO pasta_copy SELECT id, name AS title, minutes FROM pasta_source;\nEND;", Map.of(),
                List.of(SOURCE, TARGET, TOPIC), "both.sql:1", "local", VARS);

        VerifyRequest r = verification().request("both");

        assertThat(r.source().name()).containsExactly("public", "pasta");
        assertThat(r.target().name()).containsExactly("pasta_copy");
        assertThat(r.values()).containsExactly(List.of("name", "title"), List.of("minutes", "minutes"));
    }

    @Test
    void aStatementSetWritingSeveralDatabaseTablesComparesEachAndIsEqualOnlyWhenAllAre() throws Exception {
        String other = TARGET.replace("pasta_copy", "pasta_copy2");
        statements.create("schema", "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO pasta_copy SELECT id, name AS title, minutes FROM pasta_source;\n"
                        + "  INSERT INTO pasta_copy2 SELECT id, name AS title, minutes FROM pasta_source;\nEND;", Map.of(),
                List.of(SOURCE, TARGET, other), "schema.sql:1", "local", VARS);
        StatementVerification verification = verification();

        assertThat(verification.requests("schema")).extracting(r -> r.target().name())
                .containsExactly(List.of("pasta_copy"), List.of("pasta_copy2"));
        TableVerifier secondDiffers = new TableVerifier() {
            public Map<String, Object> verify(VerifyRequest request, boolean repair) {
                boolean equal = request.target().name().equals(List.of("pasta_copy"));
                return Map.of("equal", equal, "summary", equal ? "equal: 3 rows" : "1 differing row\nDIFFERENT id=2: title");
            }

            public void drop(VerifyRequest.Location table) {}
        };
        Map<String, Object> report = verification.verify("schema", secondDiffers, false);

        assertThat(report.get("equal")).isEqualTo(false);
        assertThat(report.get("summary")).isEqualTo("2 tables: 1 equal, 1 differ\ntable pasta_copy:\n  equal: 3 rows\n"
                + "table pasta_copy2:\n  1 differing row\n  DIFFERENT id=2: title");
        assertThatThrownBy(() -> verification.request("schema")).hasMessageContaining("writes 2 database tables");
    }

    @Test
    void aTopicAProducerFillsIsReadAgainByTheQueryIntoAScratchTableBesideTheTarget() throws Exception {
        String topic = "CREATE TABLE pasta_in (id INT NOT NULL, title STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'cdcbridge-kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'k:9092', "
                + "'properties.group.id' = 'shop', 'format' = 'cdc-json')";
        statements.create("sink", "INSERT INTO pasta_copy SELECT * FROM pasta_in", Map.of("table.exec.state.ttl", "1 d",
                "execution.checkpointing.interval", "10s"), List.of(topic, TARGET), "sink.sql:1", "local", VARS);

        VerifyRequest r = verification().request("sink");

        // the query's result (the source) beside the target, compared column by column with the sink's deletes and version
        assertThat(r.source().url()).isEqualTo("jdbc:mariadb://maria:3306/shop");
        assertThat(r.source().name()).hasSize(1).first().asString().startsWith("cdcbridge_verify_");
        assertThat(r.target().name()).containsExactly("pasta_copy");
        assertThat(r.key()).containsExactly(List.of("id", "id"));
        assertThat(r.values()).containsExactly(List.of("title", "title"), List.of("minutes", "minutes"));
        assertThat(r.softDelete()).contains("__deleted");
        assertThat(r.version()).contains("minutes");
        assertThat(r.settles()).isFalse();
        assertThat(r.note()).isEmpty();
        Recompute recompute = r.recompute().orElseThrow();
        assertThat(recompute.query()).isEqualTo("INSERT INTO pasta_copy SELECT * FROM pasta_in");
        assertThat(recompute.script().sources()).extracting(t -> t.name()).containsExactly("pasta_in");
        assertThat(recompute.script().properties()).isEqualTo(Map.of("table.exec.state.ttl", "1 d"));
        assertThat(recompute.script().ends()).isEmpty();
        // read to the topic's end, rejects to a scratch topic; the target's sink writing the scratch table
        assertThat(recompute.script().definitions("scratch_dlq")).endsWith(
                "ALTER TABLE `pasta_in` SET ('scan.bounded.mode' = 'latest-offset', 'dlq.topic' = 'scratch_dlq')",
                "ALTER TABLE `pasta_copy` SET ('table-name' = '" + r.source().name().get(0) + "', 'auto-create' = 'true', "
                        + "'tombstone.table-name' = '" + r.source().name().get(0) + "__cdcbridge_tombstones')");
        assertThat(recompute.described()).isEqualTo("the statement's query run again over topic 'orders' (a producer fills it) to its end");
    }

    @Test
    void theQueryRunAgainKeepsItsOptionHintsAndStartsWhereTheStatementStartedAndEndsWhereItStopped() throws Exception {
        String topic = "CREATE TABLE pasta_in (id INT NOT NULL, title STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json')";
        // v2 of a carry-over: its start, v1's offsets, as an option hint; a reprocess time for the sources without one
        String insert = "INSERT INTO pasta_copy SELECT * FROM pasta_in /*+ OPTIONS('scan.startup.mode' = 'specific-offsets', "
                + "'scan.startup.specific-offsets' = 'partition:0,offset:3') */";
        Map<String, String> reprocess = Map.of("sql.tables.scan.startup.mode", "timestamp", "sql.tables.scan.startup.timestamp-millis", "1000");
        String job = statements.create("v2", insert, reprocess, List.of(topic, TARGET), "v2.sql:1", "local", VARS).status().jobId();
        engine.run(job);
        statements.reconcile();
        engine.offsets("v2", List.of(new SourceOffset("pasta_in", "kafka", new SourcePosition.KafkaOffsets("orders", new TreeMap<>(Map.of(0, 7L))))));
        statements.stop("v2", false);
        engine.startJobsAs("verify recompute v2", io.cdcbridge.control.engine.JobState.of(io.cdcbridge.control.engine.JobState.State.FINISHED));
        TableVerifier equal = new TableVerifier() {
            public Map<String, Object> verify(VerifyRequest request, boolean repair) {
                return Map.of("equal", true, "summary", "equal");
            }

            public void drop(VerifyRequest.Location table) {}
        };

        Map<String, Object> report = verification().verify("v2", equal, false);

        assertThat(report.get("equal")).isEqualTo(true);
        StatementJob rerun = engine.latestJob("verify recompute v2").orElseThrow().job();
        // the hint still on the statement's table (Flink refuses one on a view); the table ends where v2 stopped
        assertThat(rerun.statement()).isEqualTo(insert);
        assertThat(rerun.definitions()).contains("ALTER TABLE `pasta_in` SET ('scan.bounded.mode' = 'specific-offsets', "
                + "'scan.bounded.specific-offsets' = 'partition:0,offset:7')");
        assertThat(rerun.properties()).containsAllEntriesOf(reprocess);
    }

    @Test
    void verificationJobsLeaveNeitherTheirTablesInTheEngineNorTheirCheckpointFoldersWhetherTheyEndOrFail() throws Exception {
        String topic = "CREATE TABLE pasta_in (id INT NOT NULL, title STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json')";
        run("sink", "INSERT INTO pasta_copy SELECT * FROM pasta_in", topic, TARGET);
        statements.stop("sink", false);
        TableVerifier equal = new TableVerifier() {
            public Map<String, Object> verify(VerifyRequest request, boolean repair) {
                return Map.of("equal", true, "summary", "equal");
            }

            public void drop(VerifyRequest.Location table) {}
        };
        StatementVerification verification = verification();

        // verified every hour: each run's job has scratch names of its own
        engine.startJobsAs("verify recompute sink", io.cdcbridge.control.engine.JobState.of(io.cdcbridge.control.engine.JobState.State.FINISHED));
        for (int i = 0; i < 3; i++) assertThat(verification.verify("sink", equal, false).get("equal")).isEqualTo(true);
        engine.startJobsAs("verify recompute sink", new io.cdcbridge.control.engine.JobState(
                io.cdcbridge.control.engine.JobState.State.FAILED, "java.io.IOException: broker gone"));
        assertThatThrownBy(() -> verification.verify("sink", equal, false)).hasMessageEndingWith("java.io.IOException: broker gone");

        // the engine keeps the statement's tables only, and no run left its checkpoint folder
        assertThat(engine.kept()).containsExactly("sink");
        List<StatementJob> runs = engine.jobs().stream().map(FakeEngine.Job::job).filter(j -> j.name().startsWith("verify ")).toList();
        assertThat(runs).hasSize(4).extracting(j -> java.nio.file.Files.exists(Path.of(java.net.URI.create(j.checkpointDir()))))
                .containsOnly(false);
    }

    @Test
    void aQueryThatCannotRunAgainLeavesNoScratchTableNorTopic() {
        String topic = "CREATE TABLE pasta_in (id INT NOT NULL, title STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'cdcbridge-kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'cdc-json')";
        statements.create("sink", "INSERT INTO pasta_copy SELECT * FROM pasta_in", Map.of(), List.of(topic, TARGET), "sink.sql:1", "local", VARS);
        List<VerifyRequest.Location> dropped = new java.util.ArrayList<>();
        TableVerifier verifier = new TableVerifier() {
            public Map<String, Object> verify(VerifyRequest request, boolean repair) {
                throw new AssertionError("nothing to compare");
            }

            public void drop(VerifyRequest.Location table) {
                dropped.add(table);
            }
        };

        engine.failSubmit("verify recompute sink", "Column 'title' not found in table 'pasta_in'");
        assertThatThrownBy(() -> verification().verify("sink", verifier, true))
                .hasMessage("verify could not run statement 'sink''s query again over its topics: Column 'title' not found in table 'pasta_in'");

        assertThat(dropped).extracting(l -> l.name().get(0)).hasSize(3).allMatch(n -> n.startsWith("cdcbridge_verify_"))
                .anyMatch(n -> n.endsWith("__cdcbridge_tombstones"));
        assertThat(engine.storage()).isEmpty();
        assertThat(engine.kept()).containsExactly("sink");
    }

    @Test
    void topicsToATopicHaveNoDatabaseTableAtEitherEnd() {
        String in = "CREATE TABLE pasta_in (id INT NOT NULL, name STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json')";
        statements.create("relay", "INSERT INTO pasta_topic SELECT * FROM pasta_in", Map.of(), List.of(in, TOPIC), "relay.sql:1", "local", VARS);

        assertThatThrownBy(() -> verification().request("relay"))
                .hasMessage("statement 'relay' reads Kafka topic 'orders', which no statement here writes from a database table, and"
                        + " writes 'pasta_topic', not a database table: verify compares a statement's target with a PostgreSQL, MySQL"
                        + " or MariaDB table, or a database table it writes with its query run again over its topics; here neither"
                        + " end is one");
    }

    @Test
    void aViewIsComparedByKeysAndCountsWithTheTableItReads() throws Exception {
        statements.create("enriched", "INSERT INTO pasta_copy SELECT * FROM pasta_upper", Map.of(), List.of(SOURCE, TARGET,
                "CREATE TEMPORARY VIEW pasta_upper AS SELECT id, UPPER(name) AS title, minutes FROM pasta_source"), "enriched.sql:1", "local", VARS);

        VerifyRequest r = verification().request("enriched");

        assertThat(r.source().name()).containsExactly("public", "pasta");
        assertThat(r.key()).containsExactly(List.of("id", "id"));
        assertThat(r.values()).isEmpty();
        assertThat(r.note()).contains("the query reads view 'pasta_upper': keys and counts compared, not values");
    }

    @Test
    void aJoinIsComparedByKeysAndCountsWithItsDrivingTable() throws Exception {
        String sizes = "CREATE TABLE sizes (id INT NOT NULL, grams INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'cdcbridge-postgres', "
                + "'hostname' = 'db', 'username' = 'reader', 'password' = '${PW}', 'database-name' = 'shop', 'schema-name' = 'public', "
                + "'table-name' = 'sizes', 'slot.name' = 'sizes_slot')";
        statements.create("joined", "INSERT INTO pasta_copy\nSELECT p.id, MAX(p.name), SUM(s.grams)\nFROM pasta_source p\n"
                + "LEFT JOIN sizes s ON p.id = s.id GROUP BY p.id", Map.of(), List.of(SOURCE, TARGET, sizes), "joined.sql:1", "local", VARS);

        VerifyRequest r = verification().request("joined");

        assertThat(r.source().name()).containsExactly("public", "pasta");
        assertThat(r.key()).containsExactly(List.of("id", "id"));
        assertThat(r.values()).isEmpty();
        assertThat(r.note()).contains("the query joins or aggregates, driven by table 'pasta_source': keys and counts compared, not values");
    }

    @Test
    void aTopicIsReadToItsEndIntoAScratchTableBesideTheSource() throws Exception {
        statements.create("publish", "INSERT INTO pasta_topic SELECT id, name, minutes FROM pasta_source", Map.of(),
                List.of(SOURCE, TOPIC), "publish.sql:1", "local", VARS);

        VerifyRequest r = verification().request("publish");

        assertThat(r.target().url()).isEqualTo("jdbc:postgresql://db:5433/shop");
        assertThat(r.target().name()).hasSize(2).first().isEqualTo("public");
        assertThat(r.target().name().get(1)).startsWith("cdcbridge_verify_");
        assertThat(r.values()).containsExactly(List.of("name", "name"), List.of("minutes", "minutes"));
        assertThat(r.note()).contains("the target is topic 'pasta' read to its end, its latest value per key");
        TopicSnapshot snapshot = r.topic().orElseThrow();
        assertThat(snapshot.columns()).containsExactly("id", "name", "minutes");
        assertThat(snapshot.reader().options()).containsEntry("connector", "upsert-kafka").containsEntry("scan.bounded.mode", "latest-offset");
    }

    @Test
    void aTopicIsRepairedThroughTheStatementsQueryKeepingItsOptionHintOnItsSourceTableReadOnceForTheListedKeys() throws Exception {
        String insert = "INSERT INTO pasta_topic SELECT id, name, minutes FROM pasta_source /*+ OPTIONS('scan.snapshot.fetch.size' = '512') */";
        Map<String, String> properties = Map.of("table.exec.sink.not-null-enforcer", "DROP", "sql.tables.scan.startup.mode", "latest-offset");
        // postgres-cdc, read once by cdcbridge-postgres: an option only the former takes is reset
        String source = SOURCE.replace("'cdcbridge-postgres'", "'postgres-cdc'").replace("'slot.name' = 'pasta_slot'",
                "'slot.name' = 'pasta_slot', 'decoding.plugin.name' = 'pgoutput'");
        Repair repaired = repair(insert, properties, source);
        String keys = repaired.keys();
        StatementJob repair = repaired.job();
        // the statement's query with its hint (Flink refuses one on a view), narrowed to the listed keys
        assertThat(repair.statement()).isEqualTo(insert + " WHERE EXISTS (SELECT 1 FROM `cdcbridge_verify_keys` cdcbridge_verify_k"
                + " WHERE cdcbridge_verify_k.`id` = `pasta_source`.`id`)");
        // its source table altered to read its own rows once, the keys read once from beside it
        String reader = "'hostname' = 'db', 'port' = '5433', 'username' = 'reader', 'password' = 's3cret-value', 'database-name' = 'shop', "
                + "'schema-name' = 'public', 'table-name' = '";
        assertThat(repair.definitions()).hasSize(5).startsWith(source.replace("${PW}", "s3cret-value"));
        assertThat(repair.definitions().get(2)).startsWith("CREATE TABLE `cdcbridge_verify_keys` (`id` INT NOT NULL, PRIMARY KEY (`id`) NOT ENFORCED)"
                + " WITH ('connector' = 'cdcbridge-postgres', " + reader + keys + "', 'slot.name' = 'cdcbridge_verify_");
        assertThat(repair.definitions().get(3)).isEqualTo("ALTER TABLE `pasta_source` RESET ('decoding.plugin.name')");
        assertThat(repair.definitions().get(4)).startsWith("ALTER TABLE `pasta_source` SET ('connector' = 'cdcbridge-postgres', "
                + reader + "pasta', 'slot.name' = 'cdcbridge_verify_").endsWith("', 'scan.startup.mode' = 'snapshot')");
        // the statement's start time has no say in a read of the rows as they are
        assertThat(repair.properties()).containsEntry("table.exec.sink.not-null-enforcer", "DROP")
                .doesNotContainKey("sql.tables.scan.startup.mode");
    }

    @Test
    void aTopicsRepairReadsItsSourceOnceWhateverStartTheQuerysHintSetsOnIt() throws Exception {
        String hinted = "INSERT INTO pasta_topic SELECT id, name, minutes FROM pasta_source /*+ OPTIONS('scan.startup.mode' = "
                + "'latest-offset', 'scan.snapshot.fetch.size' = '512', 'scan.startup.timestamp-millis' = '1') */";
        // the hint's start would win over the read once, and the repair job would never end
        assertThat(repair(hinted, Map.of(), SOURCE).job().statement()).isEqualTo("INSERT INTO pasta_topic SELECT id, name, minutes"
                + " FROM pasta_source /*+ OPTIONS('scan.snapshot.fetch.size' = '512') */ WHERE EXISTS (SELECT 1 FROM"
                + " `cdcbridge_verify_keys` cdcbridge_verify_k WHERE cdcbridge_verify_k.`id` = `pasta_source`.`id`)");
        // a hint of startup options only goes; a quoted parenthesis is no end of a hint
        assertThat(Republish.readOnce("INSERT INTO t SELECT id FROM s /*+ OPTIONS('scan.startup.mode' = 'timestamp', "
                + "'scan.startup.timestamp-millis' = '1') */ WHERE id > 0")).isEqualTo("INSERT INTO t SELECT id FROM s WHERE id > 0");
        assertThat(Republish.readOnce("INSERT INTO t SELECT id FROM s /*+ OPTIONS('scan.startup.mode' = 'latest-offset', "
                + "'a' = 'x) */''y') */")).isEqualTo("INSERT INTO t SELECT id FROM s /*+ OPTIONS('a' = 'x) */''y') */");
    }

    private record Repair(StatementJob job, String keys) {}

    // statement publish run with {@code insert}, stopped, verified with --repair by a verifier that lists one key
    private Repair repair(String insert, Map<String, String> properties, String source) throws Exception {
        run("publish", insert, properties, source, TOPIC);
        statements.stop("publish", false);
        engine.startJobsAs("verify topic pasta", io.cdcbridge.control.engine.JobState.of(io.cdcbridge.control.engine.JobState.State.FINISHED));
        engine.startJobsAs("verify repair publish", io.cdcbridge.control.engine.JobState.of(io.cdcbridge.control.engine.JobState.State.FINISHED));
        List<VerifyRequest.Location> listed = new java.util.ArrayList<>();
        TableVerifier verifier = new TableVerifier() {
            public Map<String, Object> verify(VerifyRequest request, boolean repair) {
                if (!repair) return Map.of("equal", true, "summary", "equal");
                // the verifier lists the differing rows' keys beside the source
                listed.add(request.topic().orElseThrow().keys());
                return Map.of("equal", false, "summary", "DIFFERENT", "repair", Map.of("upserted", 1L));
            }

            public void drop(VerifyRequest.Location table) {}
        };

        Map<String, Object> report = verification().verify("publish", verifier, true);

        assertThat(((Map<?, ?>) report.get("after_repair")).get("equal")).isEqualTo(true);
        String keys = listed.get(0).name().get(1);
        return new Repair(engine.latestJob("verify repair publish").orElseThrow().job(), keys);
    }

    @Test
    void anAppendTopicHasNoValuePerKey() {
        String log = "CREATE TABLE pasta_log (id INT NOT NULL, name STRING, minutes INT, PRIMARY KEY (id) NOT ENFORCED) "
                + "WITH ('connector' = 'kafka', 'topic' = 'log', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json')";
        statements.create("publish", "INSERT INTO pasta_log SELECT id, name, minutes FROM pasta_source", Map.of(),
                List.of(SOURCE, log), "publish.sql:1", "local", VARS);

        assertThatThrownBy(() -> verification().request("publish"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the statement's target 'pasta_log' is a 'kafka' table: verify reads topics written by upsert-kafka or "
                        + "debezium-kafka (a value per key), and compares tables of PostgreSQL, MySQL and MariaDB (postgres-cdc, "
                        + "cdcbridge-postgres, mysql-cdc, jdbc, cdcbridge-jdbc)");
    }

    @Test
    void aKeyedTopicIsComparedByLatestValuePerKeyAndRepairedWithExpectedValuesAndTombstones() throws Exception {
        engine.append("latest", "{\"id\":0}", "{\"id\":0,\"name\":\"before\"}"); // another statement's, before this one started
        engine.append("events");
        engine.sinkEnds("k", List.of(end("latest", 1)));
        run("k", "INSERT INTO latest SELECT id, name FROM events", EVENTS, LATEST);
        engine.append("latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}", "{\"id\":2}", "{\"id\":2,\"name\":\"B\"}",
                "{\"id\":3}", "{\"id\":3,\"name\":\"x\"}");
        engine.boundedJobWrites("verify expected k", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}",
                "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":4}", "{\"id\":4,\"name\":\"d\"}");

        Map<String, Object> report = verifyTopics("k", false);
        assertThat(report.get("equal")).isEqualTo(false);
        assertThat(COMPACT.writeValueAsString(report.get("rows"))).isEqualTo("[{\"kind\":\"different\",\"key\":{\"id\":\"2\"},"
                + "\"columns\":[\"name\"]},{\"kind\":\"extra\",\"key\":{\"id\":\"3\"},\"columns\":[]},"
                + "{\"kind\":\"missing\",\"key\":{\"id\":\"4\"},\"columns\":[]}]");
        assertThat((String) report.get("summary")).contains("  DIFFERENT {id=2}: name\n", "  EXTRA     {id=3}\n", "  MISSING   {id=4}\n",
                "DIFFERENT: 1 missing, 1 extra, 1 different");
        assertThat(engine.topic("latest")).hasSize(8);

        Map<String, Object> repaired = verifyTopics("k", true);
        assertThat(repaired.get("repair")).isEqualTo(Map.of("upserted", 2L, "deleted", 1L, "gone", 0, "extra_left", 0));
        assertThat(engine.topic("latest").subList(8, 14)).containsExactly("{\"id\":2}", "{\"id\":2,\"name\":\"b\"}",
                "{\"id\":3}", null, "{\"id\":4}", "{\"id\":4,\"name\":\"d\"}");
        assertThat(((Map<?, ?>) repaired.get("after_repair")).get("equal")).isEqualTo(true);
        // no scratch topic left, nor a file of the sorted sides
        assertThat(engine.storage().keySet()).noneMatch(t -> t.startsWith("cdcbridge_verify_"));
        assertThat(spilled()).isEmpty();
    }

    @Test
    void aComparisonThatFailsLeavesNoFileOfItsSortedSides() throws Exception {
        writing("k", "latest", "INSERT INTO latest SELECT id, name FROM events", EVENTS, LATEST);
        engine.append("latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}");
        engine.boundedJobWrites("verify expected k", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}");
        // the query's records are spilled, then the topic cannot be read
        engine.failsReading("latest", "broker gone");

        assertThatThrownBy(() -> verifyTopics("k", false)).hasMessage("broker gone");
        assertThat(dir.resolve("tmp")).isDirectory();
        assertThat(spilled()).isEmpty();
    }

    @Test
    void anAppendOnlyTopicCountsWhatAnotherStatementWroteBesideItForEitherAndIsNotRepaired() throws Exception {
        writing("v2", "out", "INSERT INTO out_log SELECT id, name FROM events", EVENTS, OUT);
        engine.append("out", null, "{\"id\":1,\"name\":\"a\"}");
        // v3 starts beside v2 (a reprocess) and writes b before v2 stops, c after
        engine.sinkEnds("v3", List.of(end("out", 1)));
        run("v3", "INSERT INTO out_log SELECT id, UPPER(name) FROM events", EVENTS, OUT);
        engine.append("out", null, "{\"id\":2,\"name\":\"b\"}");
        engine.sinkEnds("v2", List.of(end("out", 2)));
        statements.stop("v2", true);
        engine.append("out", null, "{\"id\":3,\"name\":\"c\"}", null, "{\"id\":3,\"name\":\"c\"}");
        engine.boundedJobWrites("verify expected v2", "out_log", null, "{\"id\":1,\"name\":\"a\"}");
        engine.boundedJobWrites("verify expected v3", "out_log", null, "{\"id\":2,\"name\":\"b\"}", null, "{\"id\":3,\"name\":\"c\"}");

        Map<String, Object> first = verifyTopics("v2", false);
        assertThat(first.get("equal")).as(first.get("summary").toString()).isEqualTo(true);
        assertThat(first.get("note")).isEqualTo("another statement wrote to the topic while this one ran: the records of that time are"
                + " counted for either, never as extra");
        Map<String, Object> second = verifyTopics("v3", false);
        assertThat(second.get("equal")).isEqualTo(false);
        assertThat(COMPACT.writeValueAsString(second.get("rows")))
                .isEqualTo("[{\"kind\":\"extra\",\"key\":{\"id\":\"3\",\"name\":\"c\"},\"columns\":[]}]");

        assertThatThrownBy(() -> verifyTopics("v3", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statement 'v3' appends to topic 'out' (kafka, no key): --repair cannot take a duplicate or a missing"
                        + " record back out of a log, so it changes nothing; verify without --repair lists what differs");
        assertThat(engine.topic("out")).hasSize(8);
    }

    @Test
    void aKeyedTopicStoppedWithoutASavepointCountsWhatItWroteAfterItsLastCheckpointAndStillTellsAStaleValue() throws Exception {
        writing("k", "latest", "INSERT INTO latest SELECT id, name FROM events", EVENTS, LATEST);
        // its last checkpoint acknowledged events up to 2; it had read up to 6 when it was stopped
        engine.offsets("k", List.of(end("events", 2))).sourceEnds("k", List.of(end("events", 6)));
        engine.append("latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}", "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}",
                "{\"id\":2}", "{\"id\":2,\"name\":\"b2\"}", "{\"id\":3}", "{\"id\":3,\"name\":\"c\"}", "{\"id\":4}", null);
        engine.sinkEnds("k", List.of(end("latest", 5)));
        statements.stop("k", false);
        assertThat(statements.get("k").status().inputEnds()).containsExactly(end("events", 6));
        // to the checkpoint: 1, 2 and 4; to the stop also 2's next value, 3, 4's delete and 5 (not written yet: no difference)
        engine.boundedJobWrites("verify expected k", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}",
                "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":4}", "{\"id\":4,\"name\":\"d\"}");
        engine.boundedJobWrites("verify expected k to its stop", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}",
                "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":4}", "{\"id\":4,\"name\":\"d\"}", "{\"id\":2}",
                "{\"id\":2,\"name\":\"b2\"}", "{\"id\":3}", "{\"id\":3,\"name\":\"c\"}", "{\"id\":4}", null,
                "{\"id\":5}", "{\"id\":5,\"name\":\"e\"}");

        Map<String, Object> report = verifyTopics("k", false);
        assertThat(report.get("equal")).as(report.get("summary").toString()).isEqualTo(true);
        assertThat(report.get("after_checkpoint")).isEqualTo(3L);
        assertThat((String) report.get("summary")).contains("note: stopped without a savepoint (or failed), its latest offsets are its"
                + " last checkpoint's: the query is run to them and again to its sources' ends at the stop (7 records); 3 keys it wrote"
                + " from input read after the checkpoint match the second\n", "3 records expected, 5 written\nequal");

        // resumed from that checkpoint, it writes 2 again, then 1 a value it held before the checkpoint, and fails
        String job = statements.resume("k").status().jobId();
        engine.run(job);
        statements.reconcile();
        engine.append("latest", "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":1}", "{\"id\":1,\"name\":\"a0\"}");
        engine.sinkEnds("k", List.of(end("latest", 7))).sourceEnds("k", List.of(end("events", 7)));
        engine.fail(job, "broker lost");
        statements.reconcile();
        assertThat(statements.get("k").status().inputEnds()).containsExactly(end("events", 7));
        engine.boundedJobWrites("verify expected k", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a0\"}", "{\"id\":1}",
                "{\"id\":1,\"name\":\"a\"}", "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":4}", "{\"id\":4,\"name\":\"d\"}");
        engine.boundedJobWrites("verify expected k to its stop", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a0\"}",
                "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}", "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":4}",
                "{\"id\":4,\"name\":\"d\"}", "{\"id\":2}", "{\"id\":2,\"name\":\"b2\"}", "{\"id\":3}", "{\"id\":3,\"name\":\"c\"}",
                "{\"id\":4}", null);
        Map<String, Object> stale = verifyTopics("k", false);
        assertThat(COMPACT.writeValueAsString(stale.get("rows")))
                .isEqualTo("[{\"kind\":\"different\",\"key\":{\"id\":\"1\"},\"columns\":[\"name\"]}]");
        assertThat(stale.get("after_checkpoint")).isEqualTo(2L);
    }

    @Test
    void anAppendOnlyTopicStoppedWithoutASavepointTakesRecordsOfTheInputAfterItsCheckpointOnceAndNoMore() throws Exception {
        writing("log", "out", "INSERT INTO out_log SELECT id, name FROM events", EVENTS, OUT);
        engine.offsets("log", List.of(end("events", 1))).sourceEnds("log", List.of(end("events", 4)));
        engine.append("out", null, "{\"id\":1,\"name\":\"a\"}", null, "{\"id\":2,\"name\":\"b\"}",
                null, "{\"id\":2,\"name\":\"b\"}", null, "{\"id\":3,\"name\":\"x\"}");
        engine.sinkEnds("log", List.of(end("out", 4)));
        statements.stop("log", false);
        engine.boundedJobWrites("verify expected log", "out_log", null, "{\"id\":1,\"name\":\"a\"}");
        engine.boundedJobWrites("verify expected log to its stop", "out_log", null, "{\"id\":1,\"name\":\"a\"}",
                null, "{\"id\":2,\"name\":\"b\"}", null, "{\"id\":3,\"name\":\"c\"}");

        Map<String, Object> report = verifyTopics("log", false);
        // b once after the checkpoint, as the input gives it; a second b and x are no record of it
        assertThat(report.get("after_checkpoint")).isEqualTo(1L);
        assertThat(COMPACT.writeValueAsString(report.get("rows"))).isEqualTo("[{\"kind\":\"extra\",\"key\":{\"id\":\"2\",\"name\":\"b\"},"
                + "\"columns\":[]},{\"kind\":\"extra\",\"key\":{\"id\":\"3\",\"name\":\"x\"},\"columns\":[]}]");
    }

    @Test
    void aStatementStoppedBeforeItsFirstCheckpointOwesNothingAndWhatItWroteIsTakenFromTheInputItMayHaveRead() throws Exception {
        writing("k", "latest", "INSERT INTO latest SELECT id, name FROM events", EVENTS, LATEST);
        // its sources acknowledged nothing (no offsets); it had read up to 2 when it was stopped
        engine.sourceEnds("k", List.of(end("events", 2)));
        engine.append("latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}");
        engine.sinkEnds("k", List.of(end("latest", 1)));
        statements.stop("k", false);
        // the query to its latest offsets would read the topic to its end now, more than it read
        engine.boundedJobWrites("verify expected k", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}",
                "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":3}", "{\"id\":3,\"name\":\"c\"}");
        engine.boundedJobWrites("verify expected k to its stop", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}",
                "{\"id\":2}", "{\"id\":2,\"name\":\"b\"}");

        Map<String, Object> report = verifyTopics("k", false);
        assertThat(report.get("equal")).as(report.get("summary").toString()).isEqualTo(true);
        assertThat(report.get("after_checkpoint")).isEqualTo(1L);
        assertThat((String) report.get("note")).startsWith("it stopped before its first checkpoint: its sources acknowledged nothing,"
                + " so no record is owed; ");
        assertThat(engine.jobs().stream().map(j -> j.job().name())).doesNotContain("verify expected k");
    }

    @Test
    void anExactlyOnceSinkStoppedWithoutASavepointIsComparedWithTheQueryToItsLastCheckpointOnly() throws Exception {
        String latest = LATEST.replace("'value.format' = 'json'", "'value.format' = 'json', 'sink.delivery-guarantee' = 'exactly-once',"
                + " 'sink.transactional-id-prefix' = 'k'");
        writing("k", "latest", "INSERT INTO latest SELECT id, name FROM events", EVENTS, latest);
        engine.offsets("k", List.of(end("events", 1))).sourceEnds("k", List.of(end("events", 3)));
        // what it wrote after the checkpoint was aborted: a read_committed reader sees the checkpoint's records only
        engine.append("latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}");
        engine.sinkEnds("k", List.of(end("latest", 1)));
        statements.stop("k", false);
        engine.boundedJobWrites("verify expected k", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"a\"}");
        engine.boundedJobWrites("verify expected k to its stop", "latest", "{\"id\":1}", "{\"id\":1,\"name\":\"z\"}");

        Map<String, Object> report = verifyTopics("k", false);
        assertThat(report.get("equal")).as(report.get("summary").toString()).isEqualTo(true);
        assertThat(report.get("note")).isEqualTo("its sink writes exactly-once: what it wrote after its last checkpoint was aborted,"
                + " so the query is run to that checkpoint");
        assertThat(engine.jobs().stream().map(j -> j.job().name())).doesNotContain("verify expected k to its stop");
    }

    // created and RUNNING, reading the empty topic events and writing the empty topic {@code topic}
    private void writing(String name, String topic, String insert, String... definitions) {
        engine.append("events");
        engine.append(topic);
        engine.sinkEnds(name, List.of(end(topic, 0)));
        run(name, insert, definitions);
    }

    // created and RUNNING
    private void run(String name, String insert, String... definitions) {
        run(name, insert, Map.of(), definitions);
    }

    private void run(String name, String insert, Map<String, String> properties, String... definitions) {
        String job = statements.create(name, insert, properties, List.of(definitions), name + ".sql:1", "local", VARS).status().jobId();
        engine.run(job);
        statements.reconcile();
    }

    // what the topic comparisons left in the workspace's temporary folder
    private List<Path> spilled() throws java.io.IOException {
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(dir.resolve("tmp"))) {
            return left.toList();
        }
    }

    // topics compared in 1 KiB: sorted runs on disk from a few records on
    private StatementVerification verification() {
        return new StatementVerification(statements, engine, new SpillSpace(dir.resolve("tmp"), 1024));
    }

    private Map<String, Object> verifyTopics(String name, boolean repair) throws Exception {
        return verification().verify(name, null, repair);
    }

    private static SourceOffset end(String topic, long offset) {
        return new SourceOffset(topic.equals("out") ? "out_log" : topic, "kafka",
                new SourcePosition.KafkaOffsets(topic, new TreeMap<>(Map.of(0, offset))));
    }
}
