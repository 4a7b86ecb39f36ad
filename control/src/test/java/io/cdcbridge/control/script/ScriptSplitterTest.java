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
    void keepsHintsAsWrittenWhileBlankingComments() {
        String script = """
                INSERT INTO sink /* a comment; gone */ SELECT * FROM src /*+ OPTIONS('scan.startup.mode' = 'latest-offset',
                  'properties.group.id' = 'a;b') */;
                /*+ a hint first */ SELECT 1;
                """;
        List<ScriptStatement> parts = ScriptSplitter.split(script);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).text()).doesNotContain("a comment")
                .endsWith("FROM src /*+ OPTIONS('scan.startup.mode' = 'latest-offset',\n  'properties.group.id' = 'a;b') */");
        assertThat(parts.get(1).text()).isEqualTo("/*+ a hint first */ SELECT 1");
        assertThat(parts.get(1).line()).isEqualTo(3);
    }

    @Test
    void aPositionInsideAStatementIsGivenAsItsPositionInTheFile() {
        String script = """
                SET 'a' = 'b';   CREATE TABLE t /* a comment
                over two lines */ (id INT,,) WITH ('connector' = 'datagen');
                """;
        ScriptStatement create = ScriptSplitter.split(script).get(1);
        assertThat(create.line()).isEqualTo(1);
        assertThat(create.column()).isEqualTo(18);
        // the comment's line break is kept, so the statement's second line is the file's second line
        assertThat(create.text().lines().toList().get(1)).isEqualTo("                  (id INT,,) WITH ('connector' = 'datagen')");
        assertThat(create.inFile(1, 14)).containsExactly(1, 31);
        assertThat(create.inFile(2, 27)).containsExactly(2, 27);
        assertThat(new ScriptException("t.sql", create, "SQL parse failed. Encountered \",\" at line 2, column 27.").getMessage())
                .isEqualTo("t.sql:2:27: SQL parse failed. Encountered \",\" at line 2, column 27.\n  in statement: CREATE TABLE t");
        ScriptException validation = new ScriptException("t.sql", create, "From line 1, column 14 to line 1, column 15: no");
        assertThat(validation.reason()).isEqualTo("From line 1, column 31 to line 1, column 32: no");
        assertThat(validation.line()).isEqualTo(1);
        assertThat(validation.column()).isEqualTo(31);
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
