package io.cdcbridge.connectors.postgres.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.postgres.PostgresEndpoint;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which column changes the stream tells, and which of them concern the columns the table declares (no server). */
class SchemaChangeCheckTest {

    private static final PostgresTable TABLE = new PostgresTable(new PostgresEndpoint("db", 5432, "app", "u", "p"), "public",
            "users", List.of("id", "name", "qty"), List.of("id"));
    private static final SchemaChangeCheck CHECK = new SchemaChangeCheck(TABLE, ChangeCollectorTest::typeName);
    private static final SourceColumn ID = new SourceColumn("id", 23, -1);
    private static final SourceColumn NAME = new SourceColumn("name", 1043, 54);
    private static final SourceColumn QTY = new SourceColumn("qty", 23, -1);
    private static final SourceColumn NOTE = new SourceColumn("note", 25, -1);

    @Test
    void aRenameIsToldFromADropByTheColumnsPlace() {
        assertThat(CHECK.changes(List.of(ID, NAME, QTY), List.of(ID, new SourceColumn("full_name", 1043, 54), QTY)))
                .containsExactly(new SchemaChangeCheck.Change("column name was renamed to full_name", true));
        assertThat(CHECK.changes(List.of(ID, NAME, QTY), List.of(ID, QTY)))
                .containsExactly(new SchemaChangeCheck.Change("column name was dropped", true));
        assertThat(CHECK.changes(List.of(ID, NAME, QTY), List.of(ID, QTY, NOTE))).containsExactly(
                new SchemaChangeCheck.Change("column name was dropped or renamed", true),
                new SchemaChangeCheck.Change("column note text was added", false));
    }

    @Test
    void aTypeChangeOfADeclaredColumnBreaksAndUndeclaredColumnsDoNot() {
        assertThat(CHECK.changes(List.of(ID, NAME, QTY), List.of(ID, new SourceColumn("name", 1043, 104), new SourceColumn("qty", 20, -1))))
                .containsExactly(
                        new SchemaChangeCheck.Change("column name changed type from character varying(50) to character varying(100)", true),
                        new SchemaChangeCheck.Change("column qty changed type from integer to bigint", true));
        assertThat(CHECK.changes(List.of(ID, NAME, QTY), List.of(ID, NAME, QTY, NOTE)))
                .containsExactly(new SchemaChangeCheck.Change("column note text was added", false));
        assertThat(CHECK.changes(List.of(ID, NAME, QTY, NOTE), List.of(ID, NAME, QTY)))
                .containsExactly(new SchemaChangeCheck.Change("column note was dropped", false));
        assertThat(CHECK.changes(List.of(ID, NAME, QTY), List.of(ID, NAME, QTY))).isEmpty();
    }
}
