package io.cdcbridge.connectors.postgres.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.postgres.PostgresEndpoint;
import io.cdcbridge.connectors.postgres.PostgresTable;
import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.junit.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The enumerator's plan of a table on a real PostgreSQL: its splits and the rows it estimates for the progress gauge
 * come from one look at the table, so a table never analyzed is counted once, not once for the splits and again for
 * the gauge (a count(*) of a large table is a full scan).
 */
@Tag("integration")
@ExtendWith(PostgresExtension.class)
class SnapshotSplitterTest {

    @Test
    void aTableNeverAnalyzedIsCountedOnceForItsSplitsAndItsEstimate(EmbeddedPostgres postgres) throws Exception {
        // no autovacuum: the table must stay unanalyzed, reltuples unknown
        postgres.execute("CREATE TABLE public.never_analyzed (id bigint PRIMARY KEY, name text) WITH (autovacuum_enabled = false)",
                "INSERT INTO public.never_analyzed SELECT g, 'n' || g FROM generate_series(1, 1000) g");
        EmbeddedDatabase.Endpoint e = postgres.endpoint();
        PostgresTable table = new PostgresTable(new PostgresEndpoint(e.host(), e.port(), e.database(), e.user(), e.password()),
                "public", "never_analyzed", List.of("id", "name"), List.of("id"));
        try (Connection c = postgres.connect()) {
            c.setAutoCommit(false);
            SnapshotSplitter.Plan plan = SnapshotSplitter.split(c, "t", table, "id", 300);

            assertThat(plan.estimatedRows()).isEqualTo(1000);
            assertThat(plan.splits()).extracting(SnapshotSplit::splitId).hasSize(4);
            // this transaction's own scans of the table: the count is its one sequential scan
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'never_analyzed'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("sequential scans of the table").isEqualTo(1);
            }
            c.rollback();
        }
    }
}
