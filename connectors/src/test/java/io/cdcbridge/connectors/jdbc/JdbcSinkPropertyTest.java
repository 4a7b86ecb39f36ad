package io.cdcbridge.connectors.jdbc;

import static io.cdcbridge.connectors.jdbc.FlinkJob.delete;
import static io.cdcbridge.connectors.jdbc.FlinkJob.insertChanges;
import static io.cdcbridge.connectors.jdbc.FlinkJob.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.junit.MariaDbExtension;
import io.cdcbridge.embedded.junit.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.types.Row;

/**
 * cdcbridge-jdbc under any delivery of a history: each key's changes (upserts, deletes, a delete followed by a
 * re-create) with increasing versions, delivered in any order across and within keys, some twice, in batches of
 * any size, into PostgreSQL and MariaDB at once. Whatever the delivery, each target holds the newest version of
 * each key (and nothing of a key whose newest change is a delete). jqwik generates the deliveries and shrinks a
 * failing one to the smallest it can find; each try is one Flink job on the shared databases.
 */
@Tag("integration")
class JdbcSinkPropertyTest {

    private static final AtomicInteger TRIES = new AtomicInteger();
    private static EmbeddedDatabase postgres;
    private static EmbeddedDatabase mariadb;
    private static MiniCluster flink;

    /** A history of changes per key, the order it is delivered in (duplicates included), the sink's batch size. */
    record Delivery(List<Row> events, int batchRows) {
        @Override
        public String toString() {
            return "batches of " + batchRows + ", " + events;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        postgres = new PostgresExtension().shared();
        mariadb = new MariaDbExtension().shared();
        flink = FlinkJob.startCluster();
    }

    @AfterContainer
    static void stop() throws Exception {
        if (flink != null) flink.close();
    }

    @Property(tries = 6, shrinking = ShrinkingMode.BOUNDED)
    void theTargetHoldsTheNewestVersionOfEachKeyWhateverOrderDuplicatesAndReCreates(@ForAll("deliveries") Delivery delivery)
            throws Exception {
        String table = "jdbc_property_" + TRIES.incrementAndGet();
        Map<String, String> batches = Map.of("sink.buffer-flush.max-rows", String.valueOf(delivery.batchRows()));
        FlinkJob.named(flink, table).changes(delivery.events())
                .sql(JdbcSinkContract.sink("pg_target", JdbcSinkContract.with(postgres.jdbcUrl(), postgres, table, batches)),
                        JdbcSinkContract.sink("mariadb_target", JdbcSinkContract.with(mariadb.jdbcUrl(), mariadb, table, batches)))
                .run(insertChanges("pg_target"), insertChanges("mariadb_target"));

        List<String> expected = JdbcSinkContract.expected(delivery.events(), DeleteMode.HARD);
        assertThat(JdbcSinkContract.rows(postgres, table)).as("PostgreSQL").isEqualTo(expected);
        assertThat(JdbcSinkContract.rows(mariadb, table)).as("MariaDB").isEqualTo(expected);
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        // per key: 1 to 6 changes in version order, each a delete (true) or an upsert; an upsert after a delete re-creates
        Arbitrary<List<List<Boolean>>> histories = Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(6)
                .list().ofMinSize(1).ofMaxSize(8);
        return histories.map(JdbcSinkPropertyTest::events).flatMap(events -> Combinators.combine(
                Arbitraries.shuffle(events),
                // copies of some changes (a replay after a restart, a retry), each placed anywhere
                Arbitraries.integers().between(0, 10_000).list().ofMaxSize(events.size()),
                Arbitraries.integers().between(1, 8)).as(JdbcSinkPropertyTest::delivery));
    }

    private static List<Row> events(List<List<Boolean>> histories) {
        List<Row> events = new ArrayList<>();
        for (int key = 1; key <= histories.size(); key++) {
            List<Boolean> deletes = histories.get(key - 1);
            for (int i = 0; i < deletes.size(); i++) {
                String name = "U" + key + " v" + i;
                events.add(deletes.get(i) ? delete(key, name, JdbcSinkContract.T.plusMinutes(i))
                        : upsert(key, name, JdbcSinkContract.T.plusMinutes(i)));
            }
        }
        return events;
    }

    private static Delivery delivery(List<Row> shuffled, List<Integer> copies, int batchRows) {
        List<Row> events = new ArrayList<>(shuffled);
        for (int c : copies) events.add(c % (events.size() + 1), Row.copy(shuffled.get(c % shuffled.size())));
        return new Delivery(events, batchRows);
    }
}
