package io.cdcbridge.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdcbridge.control.engine.EngineException;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** A table a script creates is checked at once as Flink would check it at the job's start, with all Flink says. */
class ConnectorCheckTest {

    private static final String CDC = "CREATE TABLE cdc (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc',"
            + " %s = 'db.internal', 'username' = 'u', 'password' = 'p', 'database-name' = 'd', 'schema-name' = 'public',"
            + " 'table-name' = 't', 'slot.name' = 's')";

    @Test
    void aMisspelledRequiredKeyIsToldAsMissingAndAsUnsupported() throws Exception {
        try (FlinkSession s = FlinkSession.open(new Configuration(), List.of())) {
            EngineException e = catchThrowableOfType(EngineException.class, () -> s.applyDefinition(CDC.formatted("'hostnam'")));
            assertThat(e.getMessage()).startsWith("Unable to create a source for reading table 'default_catalog.default_database.cdc':"
                            + " One or more required options are missing. Missing required options are: hostname."
                            + " Unsupported options found for 'postgres-cdc'. Unsupported options: hostnam. Supported options: ")
                    .contains(", hostname, ").doesNotContain("'p'");
            assertThat(s.tables()).doesNotContain("cdc");
        }
    }

    @Test
    void aSinkOnlyConnectorIsCheckedAsASinkAndAGoodTablePasses() throws Exception {
        try (FlinkSession s = FlinkSession.open(new Configuration(), List.of())) {
            assertThatCode(() -> s.applyDefinition("CREATE TABLE ok_sink (id INT) WITH ('connector' = 'blackhole')")).doesNotThrowAnyException();
            assertThatCode(() -> s.applyDefinition(CDC.formatted("'hostname'"))).doesNotThrowAnyException();
            EngineException e = catchThrowableOfType(EngineException.class, () ->
                    s.applyDefinition("CREATE TABLE bad_sink (id INT) WITH ('connector' = 'blackhole', 'rows' = '1')"));
            assertThat(e.getMessage()).startsWith("Unable to create a sink for writing table 'default_catalog.default_database.bad_sink':"
                    + " Unsupported options found for 'blackhole'. Unsupported options: rows. Supported options: connector,"
                    + " property-version, ");
        }
    }

    @Test
    void storedDefinitionsLoadUnchecked() {
        // a catalog written before tables were checked still opens; what reads the table finds the problem
        assertThatCode(() -> FlinkSession.open(new Configuration(), List.of(CDC.formatted("'hostnam'"))).close())
                .doesNotThrowAnyException();
    }
}
