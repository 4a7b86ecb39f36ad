package io.cdcbridge.control.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.workspace.Definition;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindingsTest {

    @TempDir
    Path dir;

    private static VariableSource run(Map<String, String> vars) {
        return VariableSource.of(List.of(vars), n -> Optional.empty());
    }

    @Test
    void aStatementKeepsTheValuesOfItsOwnRunSecretsInTheStore() throws Exception {
        Workspace ws = Workspace.open(dir);
        Bindings b = new Bindings(ws.secrets());
        String sql = "INSERT INTO t SELECT * FROM s /*+ OPTIONS('password' = '${PW}') */ WHERE x = '${T}'";
        Map<String, String> a = b.bind(List.of(sql), Map.of("sasl.jaas.config", "pw=${SASL}"),
                run(Map.of("T", "repro_a", "PW", "Pw-a-123", "SASL", "Sasl-a-9", "UNUSED_TOKEN", "Tok-1")), Bindings.owner("a"));
        Map<String, String> other = b.bind(List.of(sql), Map.of("sasl.jaas.config", "pw=${SASL}"),
                run(Map.of("T", "repro_b", "PW", "Pw-b-456", "SASL", "Sasl-b-9")), Bindings.owner("b"));

        assertThat(a).containsEntry("T", "repro_a").containsOnlyKeys("T", "PW", "SASL");
        assertThat(a.get("PW")).startsWith("${secret:statement:a:");
        assertThat(b.source(a, List.of(sql)).resolve(sql)).contains("'Pw-a-123'").contains("'repro_a'");
        assertThat(b.source(other, List.of(sql)).resolve(sql)).contains("'Pw-b-456'").contains("'repro_b'");
        assertThat(b.source(a, List.of(sql)).secrets()).containsExactlyInAnyOrder("Pw-a-123", "Sasl-a-9");

        // a password equal to a name the statement shows in the open is no secret there: not masked inside messages
        String named = "CREATE TABLE n WITH ('database-name' = '${DB}', 'username' = 'postgres', 'password' = '${PG_PASSWORD}')";
        Map<String, String> n = b.bind(List.of(named), Map.of(), run(Map.of("DB", "postgres", "PG_PASSWORD", "postgres")),
                Bindings.owner("n"));
        assertThat(b.source(n, List.of(named)).secrets()).isEmpty();

        Path secrets = dir.resolve("secrets.json");
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(secrets).content().contains("Pw-a-123", "Pw-b-456").doesNotContain("Tok-1");
        assertThat(a.toString()).doesNotContain("Pw-a-123").doesNotContain("Sasl-a-9");

        // a deleted statement's secrets go with it; the store is read again from its file
        ws.secrets().removeOwner(Bindings.owner("a"));
        Bindings again = new Bindings(Workspace.open(dir).secrets());
        assertThat(again.source(other, List.of(sql)).resolve(sql)).contains("'Pw-b-456'");
        assertThat(secrets).content().doesNotContain("Pw-a-123");
    }

    @Test
    void aDefinitionKeepsItsValuesAndItsLiteralSecretsMoveToTheStore() {
        Workspace ws = Workspace.open(dir);
        Bindings b = new Bindings(ws.secrets());
        String ddl = "CREATE TABLE a (id INT) WITH ('connector' = 'jdbc', 'table-name' = '${T}', 'password' = 'lit''eral-Pw')";
        String kept = b.externalize(ddl, Bindings.CATALOG);
        assertThat(kept).doesNotContain("eral-Pw").contains("'password' = '${secret:catalog:");
        Definition d = new Definition(kept, "a.sql:1", Instant.now(), b.bind(List.of(kept), Map.of(), run(Map.of("T", "repro_a")), Bindings.CATALOG));

        VariableSource laterRun = run(Map.of("T", "repro_b"));
        assertThat(b.resolve(d, laterRun)).contains("'table-name' = 'repro_a'").contains("'password' = 'lit''eral-Pw'");
        // a statement's snapshot: clear values in, the secret still a reference
        assertThat(b.snapshot(d, laterRun)).contains("'repro_a'").contains("${secret:catalog:").doesNotContain("eral-Pw");

        // stored by an earlier version (no values): the run's values, as before
        Definition legacy = new Definition("CREATE TABLE c WITH ('table-name' = '${T}')", "c.sql:1", Instant.now(), null);
        assertThat(b.resolve(legacy, laterRun)).contains("'repro_b'");
        assertThatThrownBy(() -> b.bind(List.of("${MISSING}"), Map.of(), laterRun, Bindings.CATALOG))
                .isInstanceOf(Variables.UnknownVariableException.class).hasMessageContaining("${MISSING}");
    }
}
