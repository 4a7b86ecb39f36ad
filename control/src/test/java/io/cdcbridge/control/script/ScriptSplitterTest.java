package io.cdcbridge.control.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSplitterTest {

    @Test
    void splitsAtTopLevelSemicolonsAndKeepsLineNumbers() {
        String script = """
                -- a comment; with a semicolon
                SET 'a' = 'x;y';

                CREATE TABLE t (
                  `we;ird` STRING /* also; here */
                ) WITH ('connector' = 'datagen');
                INSERT INTO t SELECT 'it''s; fine';
                """;
        List<ScriptStatement> parts = ScriptSplitter.split(script);
        assertThat(parts).extracting(ScriptStatement::line).containsExactly(2, 4, 7);
        assertThat(parts.get(0).text()).isEqualTo("SET 'a' = 'x;y'");
        assertThat(parts.get(1).text()).contains("`we;ird` STRING").endsWith("'datagen')");
        assertThat(parts.get(2).text()).isEqualTo("INSERT INTO t SELECT 'it''s; fine'");
    }

    @Test
    void keepsStatementSetTogether() {
        String script = """
                EXECUTE STATEMENT SET
                BEGIN
                  INSERT INTO a SELECT * FROM s;
                  INSERT INTO b SELECT * FROM s;
                END;
                SET 'x' = 'y';
                """;
        List<ScriptStatement> parts = ScriptSplitter.split(script);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).text()).startsWith("EXECUTE STATEMENT SET").endsWith("END");
        assertThat(StatementKind.of(parts.get(0).text())).isEqualTo(StatementKind.STATEMENT);
        assertThat(parts.get(1).line()).isEqualTo(6);
    }

    @Test
    void classifiesStatements() {
        assertThat(StatementKind.of("set 'k' = 'v'")).isEqualTo(StatementKind.SET);
        assertThat(StatementKind.of("ALTER TABLE t ADD c STRING")).isEqualTo(StatementKind.CATALOG);
        assertThat(StatementKind.of("CREATE VIEW v AS SELECT 1")).isEqualTo(StatementKind.CATALOG);
        assertThat(StatementKind.of("CREATE TABLE t WITH ('a'='b') AS SELECT 1")).isEqualTo(StatementKind.CREATE_TABLE_AS);
        assertThat(StatementKind.of("insert into t select 1")).isEqualTo(StatementKind.STATEMENT);
        assertThat(StatementKind.of("STOP JOB 'x' WITH SAVEPOINT")).isEqualTo(StatementKind.STOP_JOB);
        assertThat(StatementKind.of("SELECT 1")).isEqualTo(StatementKind.UNSUPPORTED);
    }
}
