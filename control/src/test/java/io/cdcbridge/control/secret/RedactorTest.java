package io.cdcbridge.control.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        assertThat(Redactor.sql("WITH ('password' = '${secret:catalog:0a1b}')")).isEqualTo("WITH ('password' = '******')");
    }

    @Test
    void masksSensitiveProperties() {
        assertThat(Redactor.properties(Map.of("a.token", "t0k", "execution.checkpointing.interval", "10s")))
                .containsEntry("a.token", Redactor.MASK)
                .containsEntry("execution.checkpointing.interval", "10s");
    }

    @Test
    void masksAValueOnlyWhereItStandsOnItsOwn() {
        List<String> secrets = List.of("cdcbridge", "Kill-9-Pw");
        assertThat(Redactor.values("table 'items' of connector cdcbridge-jdbc at cdcbridge.public.items", secrets))
                .isEqualTo("table 'items' of connector cdcbridge-jdbc at cdcbridge.public.items");
        assertThat(Redactor.values("FATAL: password \"Kill-9-Pw\" refused; user cdcbridge, db xcdcbridge.", secrets))
                .isEqualTo("FATAL: password \"******\" refused; user ******, db xcdcbridge.");
        assertThat(Redactor.values("the password is cdcbridge.", secrets)).isEqualTo("the password is ******.");
    }

    @Test
    void masksTheValueAfterEverySensitiveKeyInFreeText() {
        String line = "Debezium properties: {database.password=pg-Secret!, database.user=cdc_reader,"
                + " sasl.jaas.config=org.example.Plain required username=\"u\" password=\"p4ss\";, token: abc123}";
        assertThat(Redactor.text(line)).isEqualTo("Debezium properties: {database.password=******, database.user=cdc_reader,"
                + " sasl.jaas.config=****** required username=\"u\" password=\"******\";, token: ******}");
    }

    @Test
    void namesTheVariablesUsedInSensitiveOptions() {
        String sql = "WITH ('username' = '${USER}', 'password' = '${PW}', 'properties.sasl.jaas.config' = 'x password=\"${SASL}\";')";
        assertThat(Redactor.variablesInSensitiveOptions(sql)).containsExactly("PW", "SASL");
    }
}
