package io.cdcbridge.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdcbridge verify --source ... --target ...} as a user runs it, on a real PostgreSQL and MariaDB. */
@Tag("integration")
class VerifyCommandTest {

    private static EmbeddedPostgres pg;
    private static EmbeddedMariaDb maria;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgres.start();
        maria = EmbeddedMariaDb.start();
    }

    @AfterAll
    static void stop() {
        if (maria != null) maria.close();
        if (pg != null) pg.close();
    }

    @Test
    void equalThenDifferentThenRepaired() throws Exception {
        pg.execute("CREATE TABLE pasta (id int PRIMARY KEY, name text NOT NULL, cooking_minutes int)",
                "INSERT INTO pasta SELECT i, 'pasta ' || i, i % 15 FROM generate_series(1, 500) i");
        maria.execute("CREATE TABLE pasta (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, cooking_minutes INT)");
        StringBuilder insert = new StringBuilder("INSERT INTO pasta VALUES ");
        for (int i = 1; i <= 500; i++) insert.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'pasta ").append(i).append("', ").append(i % 15).append(")");
        maria.execute(insert.toString());

        CommandRun equal = verify();
        assertThat(equal.code()).as(equal.err()).isEqualTo(0);
        assertThat(equal.out()).contains("500 source rows, 500 target rows; 1 range compared, 0 differing; 0 rows read")
                .endsWith("equal\n").doesNotContain(pg.password() + "@");

        maria.execute("UPDATE pasta SET cooking_minutes = 99 WHERE id = 250", "DELETE FROM pasta WHERE id = 7",
                "INSERT INTO pasta VALUES (501, 'only here', 1)");
        CommandRun different = verify("--connections", "3");
        assertThat(different.code()).isEqualTo(1);
        assertThat(different.out()).contains("  MISSING   id=7\n", "  EXTRA     id=501\n", "  DIFFERENT id=250: cooking_minutes\n",
                "DIFFERENT: 1 missing, 1 extra, 1 different");

        CommandRun json = verify("--json");
        assertThat(json.code()).isEqualTo(1);
        JsonNode report = Json.MAPPER.readTree(json.out());
        assertThat(report.path("equal").asBoolean()).isFalse();
        assertThat(report.path("mismatches").path("different").asLong()).isEqualTo(1);
        assertThat(report.path("rows").toString()).contains("{\"kind\":\"different\",\"key\":{\"id\":\"250\"},\"columns\":[\"cooking_minutes\"]");

        CommandRun repaired = verify("--repair");
        assertThat(repaired.code()).as(repaired.out() + repaired.err()).isEqualTo(0);
        assertThat(repaired.out()).contains("repair: 2 rows written from the source, 1 deleted", "after repair:").endsWith("  equal\n");
        assertThat(verify().code()).isEqualTo(0);
    }

    @Test
    void anUnknownTableIsOneClearError() throws Exception {
        CommandRun run = CommandRun.of("verify", "--source", pg.jdbcUrl(), "--source-table", "public.nowhere", "--source-user", pg.user(),
                "--source-password-file", passwordFile(pg.password()).toString(),
                "--target", maria.jdbcUrl(), "--target-table", "nowhere", "--target-user", maria.user(),
                "--target-password-file", passwordFile(maria.password()).toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("error: no table public.nowhere in " + pg.jdbcUrl());
    }

    private CommandRun verify(String... more) throws Exception {
        String[] base = {"verify", "--source", pg.jdbcUrl(), "--source-table", "public.pasta", "--source-user", pg.user(),
                "--source-password-file", passwordFile(pg.password()).toString(),
                "--target", maria.jdbcUrl(), "--target-table", "pasta", "--target-user", maria.user(),
                "--target-password-file", passwordFile(maria.password()).toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CommandRun.of(all);
    }

    private Path passwordFile(String password) throws Exception {
        Path f = Files.createTempFile(dir, "password", "");
        Files.writeString(f, password + "\n");
        return f;
    }
}
