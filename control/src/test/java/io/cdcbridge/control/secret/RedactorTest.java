package io.cdcbridge.control.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksLiteralSecretsButKeepsReferences() {
        String sql = "CREATE TABLE t (...) WITH ('connector' = 'postgres-cdc', 'password' = 's3cr''et',"
                + " 'properties.sasl.jaas.config' = 'x required;', 'username' = '${USER}', 'Password'='${PG_PASSWORD}')";
        String shown = Redactor.sql(sql);
        assertThat(shown).doesNotContain("s3cr").doesNotContain("x required")
                .contains("'password' = '******'").contains("'username' = '${USER}'").contains("'Password'='${PG_PASSWORD}'");
    }

    @Test
    void masksSensitiveProperties() {
        assertThat(Redactor.properties(Map.of("a.token", "t0k", "execution.checkpointing.interval", "10s")))
                .containsEntry("a.token", Redactor.MASK)
                .containsEntry("execution.checkpointing.interval", "10s");
    }
}
