package io.cdcbridge.connectors.postgres.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.source.MetadataColumn;
import io.cdcbridge.connectors.postgres.PostgresEndpoint;
import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresSourceOptions;
import io.cdcbridge.connectors.postgres.PostgresTable;
import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import io.cdcbridge.connectors.postgres.text.CopyTextLine;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

/** The records the collector makes of decoded pgoutput messages, driven directly (no server). */
class ChangeCollectorTest {

    private static final RowType PHYSICAL = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT().notNull()),
            DataTypes.FIELD("name", DataTypes.STRING())).notNull().getLogicalType();
    private static final PostgresTable TABLE = new PostgresTable(new PostgresEndpoint("db", 5432, "app", "u", "p"), "public",
            "users", List.of("id", "name"), List.of("id"));
    private static final Relation FULL = relation('f');
    private static final Relation DEFAULT_IDENTITY = relation('d');
    private static final Relation RENAMED = new Relation(16384, "public", "users", 'f', List.of(
            new Relation.Column("id", 23, -1, true), new Relation.Column("full_name", 25, -1, false)));

    @Test
    void aRestoredPositionSkipsEarlierTransactionsAndTheRowsOfItsOwnAlreadyEmitted() {
        ChangeCollector collector = collector(false);
        collector.resumeAt(position(200, 1, SourceColumn.of(FULL)));
        List<PgRecord> records = collect(collector, () -> {
            transaction(collector, 100, 150, tuple("1\tAnn"));        // committed before: skipped whole
            transaction(collector, 200, 250, tuple("2\tBob"), tuple("3\tCy")); // its first row was emitted
            transaction(collector, 300, 350, tuple("4\tDi"));
        });
        assertThat(records).extracting(ChangeCollectorTest::describe).containsExactly(
                "+I(3,Cy,1970-01-01T00:00:01) at 200 #2", "position 250",
                "+I(4,Di,1970-01-01T00:00:01) at 300 #1", "position 350");
    }

    @Test
    void aKeyChangeIsADeleteOfTheOldKeyThenAnInsert() {
        ChangeCollector collector = collector(false);
        collector.resumeAt(position(0, 0, SourceColumn.of(FULL)));
        List<PgRecord> records = collect(collector, () -> {
            collector.begin(400, 1_000_000, 7);
            collector.update(FULL, tuple("1\tAnn"), false, tuple("1\tAnna"));
            collector.update(FULL, tuple("1\tAnna"), false, tuple("9\tAnna"));
            collector.commit(400, 450, 1_000_000);
        });
        assertThat(records).extracting(ChangeCollectorTest::describe).containsExactly(
                "-U(1,Ann,1970-01-01T00:00:01) at 400 #1", "+U(1,Anna,1970-01-01T00:00:01) at 400 #2",
                "-D(1,Anna,1970-01-01T00:00:01) at 400 #3", "+I(9,Anna,1970-01-01T00:00:01) at 400 #4", "position 450");
    }

    @Test
    void withoutTheOldRowTheFullChangelogIsRefusedAndTheUpsertOneGoesByKey() {
        ChangeCollector all = collector(false);
        all.resumeAt(position(0, 0, SourceColumn.of(FULL)));
        all.into(new RecordsBySplits.Builder<>());
        all.begin(500, 1_000_000, 8);
        assertThatThrownBy(() -> all.delete(DEFAULT_IDENTITY, tuple("1\t\\N"), true))
                .isInstanceOf(PostgresSourceException.class)
                .hasMessage("cdcbridge-postgres: an update or delete of public.users in db:5432/app came without the old row:"
                        + " the table's REPLICA IDENTITY is not FULL. Run: ALTER TABLE \"public\".\"users\" REPLICA IDENTITY FULL"
                        + " (or read it with 'changelog-mode' = 'upsert')");
        ChangeCollector upsert = collector(true);
        upsert.resumeAt(position(0, 0, SourceColumn.of(FULL)));
        List<PgRecord> records = collect(upsert, () -> {
            upsert.begin(500, 1_000_000, 8);
            upsert.update(DEFAULT_IDENTITY, null, false, tuple("1\tAnna"));
            upsert.delete(DEFAULT_IDENTITY, tuple("1\t\\N"), true);
            upsert.commit(500, 550, 1_000_000);
        });
        assertThat(records).extracting(ChangeCollectorTest::describe).containsExactly(
                "+U(1,Anna,1970-01-01T00:00:01) at 500 #1", "-D(1,null,1970-01-01T00:00:01) at 500 #2", "position 550");
    }

    @Test
    void betweenTransactionsTheServersPositionMovesThePositionOn() {
        ChangeCollector collector = collector(false);
        collector.resumeAt(position(600, 0, SourceColumn.of(FULL)));
        List<PgRecord> records = collect(collector, () -> {
            assertThat(collector.advanceWhenIdle(600)).as("not past the position").isFalse();
            assertThat(collector.advanceWhenIdle(700)).isTrue();
            collector.begin(800, 1_000_000, 9);
            assertThat(collector.advanceWhenIdle(900)).as("inside a transaction").isFalse();
        });
        assertThat(records).extracting(ChangeCollectorTest::describe).containsExactly("position 700");
    }

    @Test
    void aDeclaredColumnRenamedStopsTheStreamBeforeTheChangeNamingTableColumnAndWhatToDo() {
        ChangeCollector collector = collector(false);
        collector.resumeAt(position(0, 0, SourceColumn.of(FULL)));
        collector.into(new RecordsBySplits.Builder<>());
        collector.begin(700, 1_000_000, 10);
        collector.insert(FULL, tuple("1\tAnn"));
        assertThatThrownBy(() -> collector.insert(RENAMED, tuple("2\tBob")))
                .isInstanceOf(PostgresSourceException.class)
                .hasMessage("cdcbridge-postgres: the columns of public.users in db:5432/app changed while streaming, in the"
                        + " transaction committed at 0/2BC: column name was renamed to full_name. Declared column(s) name would no"
                        + " longer be read as declared, so the job stops before that change, nothing from it on emitted"
                        + " ('schema-change.behavior' = 'fail'). To go on, nothing lost: cdcbridge evolve users-copy --to v2.sql"
                        + " --strategy in-place, v2 declaring full_name too (ALTER TABLE `users_src` ADD `full_name` STRING)"
                        + " and reading COALESCE(`name`, `full_name`); it starts from this job's latest checkpoint."
                        + " 'schema-change.behavior' = 'ignore' reads on instead (a column gone reads as NULL)");
        assertThat(collector.collected()).as("only the row before the change").isEqualTo(1);
    }

    @Test
    void withIgnoreTheStreamReadsOnAndKeepsTheNewColumnsInItsState() {
        ChangeCollector collector = collector(false, false);
        collector.resumeAt(position(0, 0, SourceColumn.of(FULL)));
        List<PgRecord> records = collect(collector, () -> {
            collector.begin(700, 1_000_000, 10);
            collector.insert(FULL, tuple("1\tAnn"));
            collector.insert(RENAMED, tuple("2\tBob"));
            collector.commit(700, 750, 1_000_000);
        });
        assertThat(records).extracting(ChangeCollectorTest::describe).containsExactly(
                "+I(1,Ann,1970-01-01T00:00:01) at 700 #1", "columns [id, full_name] at 700 #1",
                "+I(2,null,1970-01-01T00:00:01) at 700 #2", "position 750");
    }

    @Test
    void aRenameToAnotherDeclaredColumnIsReadOnEvenUnderFail() {
        // the version of a statement that declares both names and reads COALESCE(name, full_name)
        PostgresTable both = new PostgresTable(TABLE.endpoint(), "public", "users", List.of("id", "name", "full_name"), List.of("id"));
        RowType physical = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT().notNull()),
                DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("full_name", DataTypes.STRING())).notNull().getLogicalType();
        ChangeCollector collector = new ChangeCollector(new SourceConfig(both, "slot", "pub", true, 1000, "id", false, physical,
                List.of(), policy(PostgresSourceOptions.SchemaChangeBehavior.FAIL), false), new TupleRowConverter(physical, 0),
                ChangeCollectorTest::typeName);
        collector.resumeAt(position(0, 0, SourceColumn.of(FULL)));
        List<PgRecord> records = collect(collector, () -> {
            collector.begin(700, 1_000_000, 10);
            collector.insert(RENAMED, tuple("2\tBob"));
            collector.commit(700, 750, 1_000_000);
        });
        assertThat(records).hasSize(3);
        assertThat(records.get(1).row().getString(2)).hasToString("Bob");
    }

    @Test
    void aDeclaredColumnGoneWhenTheStreamFirstOpensStopsItUnlessIgnored() {
        List<SourceColumn> now = SourceColumn.of(RENAMED);
        ChangeCollector failing = collector(false);
        failing.resumeAt(position(0, 0, List.of()));
        assertThatThrownBy(() -> failing.startWith(0, now)).isInstanceOf(PostgresSourceException.class)
                .hasMessageStartingWith("cdcbridge-postgres: the columns of public.users in db:5432/app changed since the job"
                        + " started, before its stream: column(s) name dropped or renamed. Declared column(s) name would no longer"
                        + " be read as declared");
        ChangeCollector ignoring = collector(false, false);
        ignoring.resumeAt(position(0, 0, List.of()));
        ignoring.startWith(0, now);
        assertThat(collect(ignoring, () -> { })).extracting(ChangeCollectorTest::describe).containsExactly("columns [id, full_name] at 0 #0");
    }

    private static ChangeCollector collector(boolean upsert) {
        return collector(upsert, true);
    }

    private static ChangeCollector collector(boolean upsert, boolean failOnSchemaChange) {
        SourceConfig config = new SourceConfig(TABLE, "slot", "pub", true, 1000, "id", upsert, PHYSICAL, List.of(MetadataColumn.OP_TS),
                policy(failOnSchemaChange ? PostgresSourceOptions.SchemaChangeBehavior.FAIL : PostgresSourceOptions.SchemaChangeBehavior.IGNORE), false);
        return new ChangeCollector(config, new TupleRowConverter(PHYSICAL, 1), ChangeCollectorTest::typeName);
    }

    static SchemaChangePolicy policy(PostgresSourceOptions.SchemaChangeBehavior behavior) {
        return new SchemaChangePolicy(behavior, "users_src", "users-copy");
    }

    static String typeName(int oid, int modifier) {
        return switch (oid) {
            case 20 -> "bigint";
            case 23 -> "integer";
            case 25 -> "text";
            case 1043 -> "character varying(" + (modifier - 4) + ")";
            default -> "type " + oid;
        };
    }

    private static void transaction(ChangeCollector collector, long finalLsn, long endLsn, TupleData... inserts) {
        collector.begin(finalLsn, 1_000_000, 1);
        for (TupleData t : inserts) collector.insert(FULL, t);
        collector.commit(finalLsn, endLsn, 1_000_000);
    }

    private static List<PgRecord> collect(ChangeCollector collector, Runnable messages) {
        RecordsBySplits.Builder<PgRecord> batch = new RecordsBySplits.Builder<>();
        collector.into(batch);
        messages.run();
        RecordsWithSplitIds<PgRecord> built = batch.build();
        List<PgRecord> records = new ArrayList<>();
        while (built.nextSplit() != null) {
            for (PgRecord r = built.nextRecordFromSplit(); r != null; r = built.nextRecordFromSplit()) records.add(r);
        }
        assertThat(records).hasSize(collector.collected());
        return records;
    }

    private static String describe(PgRecord r) {
        if (r.columns() != null) {
            return "columns " + r.columns().stream().map(SourceColumn::name).toList() + " at " + r.lsn() + " #" + r.emitted();
        }
        if (r.row() == null) return "position " + r.lsn();
        RowData row = r.row();
        return row.getRowKind().shortString() + "(" + row.getInt(0) + "," + (row.isNullAt(1) ? "null" : row.getString(1))
                + "," + row.getTimestamp(2, 3).toLocalDateTime() + ") at " + r.lsn() + " #" + r.emitted();
    }

    private static TupleData tuple(String copyLine) {
        byte[] line = copyLine.getBytes(StandardCharsets.UTF_8);
        return CopyTextLine.parse(line, 0, line.length, 2);
    }

    private static Relation relation(char identity) {
        return new Relation(16384, "public", "users", identity, List.of(new Relation.Column("id", 23, -1, true),
                new Relation.Column("name", 25, -1, false)));
    }

    @Test
    void underEvolveAnAddedColumnStopsTheStreamWithTheAlterTableThatDeclaresItAndARenameFails() {
        ChangeCollector collector = evolving();
        collector.into(new RecordsBySplits.Builder<>());
        collector.begin(700, 1_000_000, 10);
        Relation added = new Relation(16384, "public", "users", 'f', List.of(new Relation.Column("id", 23, -1, true),
                new Relation.Column("name", 25, -1, false), new Relation.Column("note", 25, -1, false),
                new Relation.Column("price", 1700, ((10 << 16) | 2) + 4, false)));
        assertThatThrownBy(() -> collector.insert(added, CopyTextLine.parse("2\tBob\tx\t1.50".getBytes(StandardCharsets.UTF_8), 0, 12, 4)))
                .isInstanceOf(PostgresSourceException.class)
                .hasMessage("cdcbridge-postgres: the columns of public.users in db:5432/app changed while streaming, in the"
                        + " transaction committed at 0/2BC: column note text was added; column price type 1700 was added."
                        + " 'schema-change.behavior' = 'evolve': the job stops before that change, nothing from it on emitted,"
                        + " for a version of statement users-copy that reads the new or widened column(s) from this job's latest checkpoint"
                        + " (its target gains them too where the statement passes the table's columns through), with:"
                        + " ALTER TABLE `users_src` ADD (`note` STRING, `price` DECIMAL(10, 2));");
        // the version that declares them reads on from before the change
        PostgresTable declaring = new PostgresTable(TABLE.endpoint(), "public", "users", List.of("id", "name", "note"), List.of("id"));
        RowType physical = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT().notNull()),
                DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("note", DataTypes.STRING())).notNull().getLogicalType();
        ChangeCollector v2 = new ChangeCollector(new SourceConfig(declaring, "slot", "pub", true, 1000, "id", false, physical,
                List.of(), policy(PostgresSourceOptions.SchemaChangeBehavior.EVOLVE), false), new TupleRowConverter(physical, 0),
                ChangeCollectorTest::typeName);
        v2.resumeAt(position(0, 0, SourceColumn.of(FULL)));
        Relation noted = new Relation(16384, "public", "users", 'f', List.of(new Relation.Column("id", 23, -1, true),
                new Relation.Column("name", 25, -1, false), new Relation.Column("note", 25, -1, false)));
        List<PgRecord> records = collect(v2, () -> {
            v2.begin(700, 1_000_000, 10);
            v2.insert(noted, CopyTextLine.parse("2\tBob\tx".getBytes(StandardCharsets.UTF_8), 0, 7, 3));
            v2.commit(700, 750, 1_000_000);
        });
        assertThat(records.get(1).row().getString(2)).hasToString("x");
        ChangeCollector renaming = evolving();
        renaming.into(new RecordsBySplits.Builder<>());
        renaming.begin(700, 1_000_000, 10);
        assertThatThrownBy(() -> renaming.insert(RENAMED, tuple("2\tBob"))).hasMessageContaining("column name was renamed to"
                + " full_name. Declared column(s) name would no longer be read as declared, so the job stops before that change,"
                + " nothing from it on emitted ('schema-change.behavior' = 'evolve')");
    }

    @Test
    void underEvolveAWidenedDeclaredColumnStopsTheStreamWithTheAlterTableThatModifiesItUnlessItsFlinkTypeHoldsItAlready() {
        ChangeCollector collector = evolving();
        collector.into(new RecordsBySplits.Builder<>());
        collector.begin(700, 1_000_000, 10);
        // id integer -> bigint: the Flink INT cannot hold it
        Relation widened = new Relation(16384, "public", "users", 'f', List.of(new Relation.Column("id", 20, -1, true),
                new Relation.Column("name", 25, -1, false)));
        assertThatThrownBy(() -> collector.insert(widened, tuple("3000000000\tBig"))).isInstanceOfSatisfying(SchemaEvolution.class, e -> {
            assertThat(e.flinkTable()).isEqualTo("users_src");
            assertThat(e.added()).isEmpty();
            assertThat(e.modified()).containsExactly("`id` BIGINT NOT NULL");
            assertThat(e.getMessage()).contains(": column id changed type from integer to bigint. 'schema-change.behavior' ="
                    + " 'evolve': the job stops before that change", "with: ALTER TABLE `users_src` MODIFY (`id` BIGINT NOT NULL);");
        });
        // name text -> varchar(50) is a narrowing: it stops as under fail
        ChangeCollector narrowing = evolving();
        narrowing.into(new RecordsBySplits.Builder<>());
        narrowing.begin(700, 1_000_000, 10);
        Relation narrowed = new Relation(16384, "public", "users", 'f', List.of(new Relation.Column("id", 23, -1, true),
                new Relation.Column("name", 1043, 54, false)));
        assertThatThrownBy(() -> narrowing.insert(narrowed, tuple("2\tBob"))).isNotInstanceOf(SchemaEvolution.class)
                .hasMessageContaining("column name changed type from text to character varying(50). Declared column(s) name"
                        + " would no longer be read as declared");
    }

    @Test
    void widenedTypesAreThoseEveryValueOfTheOldFits() {
        assertThat(SchemaChangeCheck.widens(new SourceColumn("q", 21, -1), new SourceColumn("q", 23, -1))).isTrue();
        assertThat(SchemaChangeCheck.widens(new SourceColumn("q", 23, -1), new SourceColumn("q", 20, -1))).isTrue();
        assertThat(SchemaChangeCheck.widens(new SourceColumn("q", 20, -1), new SourceColumn("q", 23, -1))).isFalse();
        assertThat(SchemaChangeCheck.widens(new SourceColumn("q", 700, -1), new SourceColumn("q", 701, -1))).isTrue();
        assertThat(SchemaChangeCheck.widens(new SourceColumn("v", 1043, 54), new SourceColumn("v", 1043, 104))).isTrue();
        assertThat(SchemaChangeCheck.widens(new SourceColumn("v", 1043, 54), new SourceColumn("v", 25, -1))).isTrue();
        assertThat(SchemaChangeCheck.widens(new SourceColumn("v", 1043, 104), new SourceColumn("v", 1043, 54))).isFalse();
        // numeric(10,2) -> numeric(12,2) and (12,4) widen; (12,1) drops a digit after the point; unconstrained has no DECIMAL
        assertThat(SchemaChangeCheck.widens(numeric(10, 2), numeric(12, 2))).isTrue();
        assertThat(SchemaChangeCheck.widens(numeric(10, 2), numeric(12, 4))).isTrue();
        assertThat(SchemaChangeCheck.widens(numeric(10, 2), numeric(12, 1))).isFalse();
        assertThat(SchemaChangeCheck.widens(numeric(10, 2), new SourceColumn("n", 1700, -1))).isFalse();
        assertThat(SchemaChangeCheck.widens(new SourceColumn("q", 23, -1), new SourceColumn("q", 25, -1))).isFalse();
    }

    private static SourceColumn numeric(int precision, int scale) {
        return new SourceColumn("n", 1700, ((precision << 16) | scale) + 4);
    }

    // under 'evolve', resumed with the FULL relation's columns
    private static ChangeCollector evolving() {
        ChangeCollector collector = new ChangeCollector(new SourceConfig(TABLE, "slot", "pub", true, 1000, "id", false, PHYSICAL,
                List.of(MetadataColumn.OP_TS), policy(PostgresSourceOptions.SchemaChangeBehavior.EVOLVE), false),
                new TupleRowConverter(PHYSICAL, 1), ChangeCollectorTest::typeName);
        collector.resumeAt(position(0, 0, SourceColumn.of(FULL)));
        return collector;
    }

    private static StreamSplit position(long lsn, long emitted, List<SourceColumn> columns) {
        return new StreamSplit(lsn, emitted, columns.isEmpty() ? Map.of() : Map.of(StreamSplit.ONE_TABLE, columns));
    }

    @Test
    void aChangeOfATableThePatternTakesButNoOneReadsIsSkippedOrStopsTheStreamAsTheBehaviourSays() {
        Relation parts = new Relation(16390, "public", "parts_a", 'f', List.of(new Relation.Column("id", 23, -1, true),
                new Relation.Column("name", 25, -1, false)));
        Relation elsewhere = new Relation(16391, "other", "parts_b", 'f', parts.columns());
        Relation untaken = new Relation(16392, "public", "logs", 'f', parts.columns());
        for (var behavior : PostgresSourceOptions.SchemaChangeBehavior.values()) {
            ChangeCollector collector = new ChangeCollector(new SourceConfig(TABLE, "slot", "pub", true, 1000, "id", false,
                    PHYSICAL, List.of(MetadataColumn.OP_TS), new SchemaChangePolicy(behavior, "users_src", "users-copy",
                    "users|parts_.*"), false), new TupleRowConverter(PHYSICAL, 1), ChangeCollectorTest::typeName);
            collector.resumeAt(position(0, 0, SourceColumn.of(FULL)));
            Runnable changes = () -> {
                collector.begin(500, 1_000_000, 3);
                collector.insert(FULL, tuple("1\tAnn"));
                collector.insert(elsewhere, tuple("1\tx"));
                collector.insert(untaken, tuple("1\tx"));
                collector.insert(parts, tuple("1\tbolt"));
                collector.insert(FULL, tuple("2\tBob"));
                collector.commit(500, 550, 1_000_000);
            };
            switch (behavior) {
                case IGNORE -> assertThat(collect(collector, changes)).extracting(ChangeCollectorTest::describe).containsExactly(
                        "+I(1,Ann,1970-01-01T00:00:01) at 500 #1", "+I(2,Bob,1970-01-01T00:00:01) at 500 #2", "position 550");
                case FAIL -> assertThatThrownBy(() -> collect(collector, changes)).isInstanceOf(SchemaChangeFailure.class)
                        .hasMessageStartingWith("cdcbridge-postgres, slot 'slot': table public.parts_a matches 'new-tables.pattern'"
                                + " 'users|parts_.*' but is not read by the statement (created since it started); the job stops"
                                + " before its first change, nothing of it emitted ('schema-change.behavior' = 'fail')")
                        .hasMessageContaining("cdcbridge evolve users-copy --to v2.sql --strategy in-place");
                case EVOLVE -> assertThatThrownBy(() -> collect(collector, changes)).isInstanceOfSatisfying(SchemaEvolution.class,
                        e -> assertThat(e.newTables()).containsExactly("parts_a"));
            }
        }
    }
}
