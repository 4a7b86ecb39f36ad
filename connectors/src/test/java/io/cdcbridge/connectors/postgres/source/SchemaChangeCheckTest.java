package io.cdcbridge.connectors.postgres.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.postgres.PostgresEndpoint;
import io.cdcbridge.connectors.postgres.PostgresSourceOptions;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

/** Which column changes the stream tells, and which of them concern the columns the table declares (no server). */
class SchemaChangeCheckTest {

    private static final PostgresTable TABLE = new PostgresTable(new PostgresEndpoint("db", 5432, "app", "u", "p"), "public",
            "users", List.of("id", "name", "qty"), List.of("id"));
    private static final RowType PHYSICAL = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT().notNull()),
            DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("qty", DataTypes.INT())).notNull().getLogicalType();
    private static final SchemaChangeCheck CHECK = new SchemaChangeCheck(new SourceConfig(TABLE, "slot", "pub", true, 1000, "id",
            false, PHYSICAL, List.of(), ChangeCollectorTest.policy(PostgresSourceOptions.SchemaChangeBehavior.FAIL), false),
            ChangeCollectorTest::typeName);
    private static final SourceColumn ID = new SourceColumn("id", 23, -1);
    private static final SourceColumn NAME = new SourceColumn("name", 1043, 54);
    private static final SourceColumn QTY = new SourceColumn("qty", 23, -1);
    private static final SourceColumn NOTE = new SourceColumn("note", 25, -1);
    private static final Map<Integer, String> BEFORE = Map.of(1, "id", 2, "name", 3, "qty");

    @Test
    void byTheColumnNumbersARenameAndAnAddInOneStepAreToldApart() {
        // RENAME name TO full_name; ADD note text
        assertThat(changes(List.of(ID, new SourceColumn("full_name", 1043, 54), QTY, NOTE),
                Map.of(1, "id", 2, "full_name", 3, "qty", 4, "note")))
                .containsExactly("column name was renamed to full_name [breaks]", "column note text was added");
        // DROP name; ADD name text: the same name under another number is another column
        assertThat(changes(List.of(ID, QTY, new SourceColumn("name", 25, -1)), dropping(2, Map.of(1, "id", 3, "qty", 4, "name"))))
                .containsExactly("column name was dropped [breaks]", "column name text was added");
        // DROP name; ADD note text, which the columns' places alone would read as a rename
        assertThat(changes(List.of(ID, QTY, NOTE), dropping(2, Map.of(1, "id", 3, "qty", 4, "note"))))
                .containsExactly("column name was dropped [breaks]", "column note text was added");
    }

    @Test
    void withoutNumbersARenameIsToldFromADropByTheColumnsPlace() {
        assertThat(unnumbered(List.of(ID, NAME, QTY), List.of(ID, new SourceColumn("full_name", 1043, 54), QTY)))
                .containsExactly("column name was renamed to full_name [breaks]");
        assertThat(unnumbered(List.of(ID, NAME, QTY), List.of(ID, QTY))).containsExactly("column name was dropped [breaks]");
        assertThat(unnumbered(List.of(ID, NAME, QTY), List.of(ID, QTY, NOTE)))
                .containsExactly("column name was dropped or renamed [breaks]", "column note text was added");
    }

    @Test
    void aTypeChangeOfADeclaredColumnBreaksAndUndeclaredColumnsDoNot() {
        assertThat(unnumbered(List.of(ID, NAME, QTY), List.of(ID, new SourceColumn("name", 1043, 104), new SourceColumn("qty", 20, -1))))
                .containsExactly("column name changed type from character varying(50) to character varying(100) [breaks]",
                        "column qty changed type from integer to bigint [breaks]");
        assertThat(unnumbered(List.of(ID, NAME, QTY), List.of(ID, NAME, QTY, NOTE))).containsExactly("column note text was added");
        assertThat(unnumbered(List.of(ID, NAME, QTY, NOTE), List.of(ID, NAME, QTY))).containsExactly("column note was dropped");
        assertThat(unnumbered(List.of(ID, NAME, QTY), List.of(ID, NAME, QTY))).isEmpty();
    }

    // from id, name, qty (numbered 1, 2, 3) to these columns, numbered as the catalog has them now
    private static List<String> changes(List<SourceColumn> now, Map<Integer, String> numbers) {
        return words(CHECK.changes(SourceColumn.numbered(List.of(ID, NAME, QTY), BEFORE), SourceColumn.numbered(now, numbers), numbers));
    }

    // columns without numbers, as a state kept by an older version holds them
    private static List<String> unnumbered(List<SourceColumn> before, List<SourceColumn> now) {
        return words(CHECK.changes(before, now, Map.of()));
    }

    private static Map<Integer, String> dropping(int number, Map<Integer, String> others) {
        Map<Integer, String> numbers = new HashMap<>(others);
        numbers.put(number, null);
        return numbers;
    }

    private static List<String> words(List<SchemaChangeCheck.Change> changes) {
        return changes.stream().map(c -> c.what() + (c.breaking() ? " [breaks]" : "")).toList();
    }
}
