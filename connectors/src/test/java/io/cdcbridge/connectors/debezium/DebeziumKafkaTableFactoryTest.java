package io.cdcbridge.connectors.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.PlanningRefusal;
import org.junit.jupiter.api.Test;

/** A debezium-kafka table that cannot work is refused when the statement is planned, with what and where. */
class DebeziumKafkaTableFactoryTest {

    private final PlanningRefusal planner = new PlanningRefusal();

    /** The innermost error of planning an INSERT into a debezium-kafka table with these columns and options. */
    private Throwable refusal(String columns, String options, String select) {
        Throwable e = planner.of("events", "CREATE TABLE events (" + columns + ") WITH ('connector' = 'debezium-kafka', "
                + "'topic.prefix' = 'shop', 'properties.bootstrap.servers' = '127.0.0.1:9' " + options + ")", "INSERT INTO events " + select);
        assertThat(e).isNotNull();
        return e;
    }

    @Test
    void aColumnTypeItCannotEncodeIsNamed() {
        assertThat(refusal("id INT, tags MAP<STRING, INT>", ", 'source.schema' = 's', 'source.table' = 't'",
                "SELECT 1, MAP['a', 1]"))
                .hasMessageStartingWith("Table default_catalog.default_database.events (connector debezium-kafka), "
                        + "column 'tags': the debezium-kafka connector cannot encode MAP<STRING, INT>");
    }

    @Test
    void aSemanticTypeMustBeKnownAndOnAStringColumnOfTheTable() {
        String where = "Table default_catalog.default_database.events (connector debezium-kafka)";
        assertThat(refusal("id INT, doc STRING", ", 'source.schema' = 's', 'source.table' = 't', "
                + "'fields.doc.semantic-type' = 'jsonb'", "SELECT 1, 'x'"))
                .hasMessage(where + ", option 'fields.doc.semantic-type': 'jsonb' is not one of json, uuid, xml");
        assertThat(refusal("id INT, doc STRING", ", 'source.schema' = 's', 'source.table' = 't', "
                + "'fields.id.semantic-type' = 'uuid'", "SELECT 1, 'x'"))
                .hasMessage(where + ", column 'id': a semantic type (uuid) applies to STRING columns and arrays of "
                        + "STRING only, not to INT");
        assertThat(refusal("id INT, doc STRING", ", 'source.schema' = 's', 'source.table' = 't', "
                + "'fields.body.semantic-type' = 'json'", "SELECT 1, 'x'"))
                .hasMessage(where + ", option 'fields.body.semantic-type': the table has no column 'body'");
    }

    @Test
    void avroNeedsTheRegistrysUrlAndOnlyItsOptions() {
        String where = "Table default_catalog.default_database.events (connector debezium-kafka)";
        String named = ", 'source.schema' = 's', 'source.table' = 't'";
        assertThat(refusal("id INT", named + ", 'format' = 'avro-confluent'", "SELECT 1"))
                .hasMessage(where + ": 'format' = 'avro-confluent' needs 'avro-confluent.url', the schema registry's URL");
        assertThat(refusal("id INT", named + ", 'avro-confluent.url' = 'http://127.0.0.1:9'", "SELECT 1"))
                .hasMessage(where + ": options 'avro-confluent.*' apply with 'format' = 'avro-confluent' only");
        assertThat(refusal("id INT", named + ", 'format' = 'avro-confluent', 'avro-confluent.url' = 'http://127.0.0.1:9', "
                + "'avro-confluent.subject' = 'x'", "SELECT 1"))
                .hasMessageStartingWith(where + ": option 'avro-confluent.subject' is unknown; the registry's options are ");
    }

    @Test
    void withoutASchemaAndTableForTheTopicTheStatementIsRefused() {
        assertThat(refusal("id INT, tbl STRING METADATA FROM 'source.table'", "", "SELECT 1, 't'"))
                .hasMessage("Table default_catalog.default_database.events (connector debezium-kafka) cannot name "
                        + "its events' source.schema: declare a column `schema_name STRING METADATA FROM 'source.schema'` "
                        + "(filled from the CDC source's schema_name) or set the option 'source.schema'.");
    }

    @Test
    void inMysqlsLayoutTheDatabaseNamesTheTopicInsteadOfTheSchema() {
        assertThat(refusal("id INT, tbl STRING METADATA FROM 'source.table'", ", 'source.connector' = 'mysql',"
                + " 'source.schema' = 's'", "SELECT 1, 't'"))
                .hasMessage("Table default_catalog.default_database.events (connector debezium-kafka) cannot name "
                        + "its events' source.db: declare a column `db STRING METADATA FROM 'source.db'` "
                        + "(filled from the CDC source's database_name) or set the option 'source.db'.");
    }
}
