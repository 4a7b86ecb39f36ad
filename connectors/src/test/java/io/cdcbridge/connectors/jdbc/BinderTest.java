package io.cdcbridge.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import io.cdcbridge.connectors.jdbc.dialect.mysql.MySqlDialect;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** What each statement shape binds for a change, and how many rows one statement takes, without a database. */
class BinderTest {

    private static final MySqlDialect MYSQL = new MySqlDialect();
    private static final Table USERS = new Table(List.of("users"), List.of(new Column("user_id", new IntType(false)),
            new Column("name", new VarCharType(true, 20)), new Column("version", new BigIntType(true))), List.of("user_id"));
    private static final LocalDateTime NOW = LocalDateTime.parse("2026-12-05T21:00:00");

    @Test
    void aSoftDeleteIsTheRowItCarriesWithTheFlagSet() throws SQLException {
        SinkModel model = model(DeleteMode.SOFT);
        UpsertBinder upsert = new UpsertBinder(MYSQL, USERS, model);
        List<Change> rows = List.of(change(RowKind.INSERT, 1, "Ann", 5), change(RowKind.DELETE, 2, "Bob", 7));
        assertThat(bound(upsert, rows)).containsExactly(1, "Ann", 5L, false, 2, "Bob", 7L, true);
    }

    @Test
    void aHardDeleteBindsKeyAndVersionAndItsTombstoneWhenItWasWritten() throws SQLException {
        SinkModel model = model(DeleteMode.HARD);
        List<Change> deletes = List.of(change(RowKind.DELETE, 2, "Bob", 7));
        assertThat(bound(new DeleteBinder(MYSQL, USERS, model), deletes)).containsExactly(2, 7L);
        assertThat(bound(new TombstoneBinder(MYSQL, USERS, model, model.tombstone.orElseThrow()), deletes)).containsExactly(2, 7L, NOW);
        // MySQL looks the tombstones up apart: each row's key and version
        assertThat(bound(new TombstoneCheck(MYSQL, USERS, model), deletes)).containsExactly(2, 7L);
    }

    @Test
    void rowsBoundInlineGoInStatementsOfAtMost256Rows() {
        UpsertBinder upsert = new UpsertBinder(MYSQL, USERS, model(DeleteMode.HARD));
        List<Change> rows = IntStream.range(0, 600).mapToObj(i -> change(RowKind.INSERT, i, "n" + i, i)).toList();
        assertThat(upsert.groups(rows)).extracting(List::size).containsExactly(256, 256, 88);
        assertThat(upsert.groups(List.of())).isEmpty();
    }

    private static SinkModel model(DeleteMode mode) {
        return SinkModel.of(new JdbcSinkConfig("jdbc:mysql://db:3306/app", USERS, null, null, "version", mode, "__deleted",
                false, 5000, Duration.ofMillis(10), 20, Duration.ofMillis(200), Duration.ofSeconds(10),
                "users__cdcbridge_tombstones", Duration.ofDays(7), null, NonFiniteFloats.REFUSE, 4), MYSQL);
    }

    private static Change change(RowKind kind, int id, String name, long version) {
        return new Change(kind, new Object[] {id, name, version}, null);
    }

    // The values a binder sets for the rows, in parameter order, through a statement that only records them.
    private static List<Object> bound(Binder binder, List<Change> rows) throws SQLException {
        List<Object> values = Collections.synchronizedList(new ArrayList<>());
        PreparedStatement recorder = (PreparedStatement) Proxy.newProxyInstance(BinderTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setObject")) values.add(args[1]);
                    return null;
                });
        binder.bind(recorder, binder.sql(rows.size()), rows, NOW);
        return values;
    }
}
