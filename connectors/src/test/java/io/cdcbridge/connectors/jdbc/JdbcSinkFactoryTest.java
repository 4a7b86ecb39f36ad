package io.cdcbridge.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.PlanningRefusal;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

/** A column type cdcbridge-jdbc cannot write is refused when the statement is planned, naming the table and the column. */
class JdbcSinkFactoryTest {

    private final PlanningRefusal planner = new PlanningRefusal();

    // the refusal of an INSERT into a cdcbridge-jdbc table with these columns, null when it plans
    private Throwable refusal(String columns, String url, String select) {
        return planner.of("target", "CREATE TABLE target (" + columns + ", PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + "'connector' = 'cdcbridge-jdbc', 'url' = '" + url + "', 'table-name' = 'target', 'auto-create' = 'true')",
                "INSERT INTO target " + select);
    }

    @Test
    void arraysAreWrittenAndAMapAnywhereIsRefusedNamingTheTableAndTheColumn() {
        String where = "table default_catalog.default_database.target ('connector' = 'cdcbridge-jdbc'): ";
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:9/db", "jdbc:mysql://127.0.0.1:9/db"}) {
            assertThat(refusal("id INT NOT NULL, tags ARRAY<STRING>, grid ARRAY<ARRAY<INT>>", url,
                    "SELECT 1, ARRAY['a', CAST(NULL AS STRING)], ARRAY[ARRAY[1]]")).as(url).isNull();
            assertThat(refusal("id INT NOT NULL, tags MAP<STRING, INT>", url, "SELECT 1, MAP['a', 1]")).as(url)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(where + "column 'tags' is MAP<STRING, INT>, which cdcbridge-jdbc does not write; cast it to a"
                            + " string or a scalar type in the query");
            assertThat(refusal("id INT NOT NULL, tags ARRAY<MAP<STRING, INT>>", url, "SELECT 1, ARRAY[MAP['a', 1]]")).as(url)
                    .hasMessageStartingWith(where + "column 'tags' is ARRAY<MAP<STRING, INT>>, which cdcbridge-jdbc does not write");
        }
    }
}
