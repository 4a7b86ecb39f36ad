package io.cdcbridge.control.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementSpec;
import io.cdcbridge.control.statement.StatementStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The v2 that carries columns added at a source through, from the failure that names them (no engine). */
class AddedColumnsTest {

    private static final String ADDED = "The failure is not recoverable: cdcbridge-postgres: the columns of public.items in"
            + " db:5432/app changed while streaming, in the transaction committed at 0/2BC: column note text was added;"
            + " column price numeric(10,2) was added. 'schema-change.behavior' = 'evolve': the job stops before that change,"
            + " nothing from it on emitted, for a version of statement items-copy that reads the new column(s) from this job's"
            + " latest checkpoint (its target gains them too where the statement passes the table's columns through), with:"
            + " ALTER TABLE `items_src` ADD (`note` STRING, `price` DECIMAL(10, 2)); (in Source: items_src[1] -> Sink)";

    @Test
    void aQueryPassingTheColumnsThroughGetsThemInItsTargetToo() {
        assertThat(AddedColumns.request(failed("items-copy", "INSERT INTO items_dst SELECT * FROM items_src", ADDED)).orElseThrow())
                .satisfies(r -> {
                    assertThat(r.strategy()).isEqualTo(Strategy.IN_PLACE);
                    assertThat(r.script()).isEqualTo("""
                            ALTER TABLE `items_src` ADD (`note` STRING, `price` DECIMAL(10, 2));
                            ALTER TABLE items_dst ADD (`note` STRING, `price` DECIMAL(10, 2));
                            SET 'client.statement-name' = 'items-copy-v2';
                            INSERT INTO items_dst SELECT * FROM items_src;
                            """);
                });
    }

    @Test
    void aQueryNamingItsColumnsReadsOnWithTheSourceDeclaringThem() {
        assertThat(AddedColumns.request(failed("items-copy-v2", "INSERT INTO items_dst\nSELECT id, name FROM items_src;", ADDED))
                .orElseThrow().script()).isEqualTo("""
                        ALTER TABLE `items_src` ADD (`note` STRING, `price` DECIMAL(10, 2));
                        SET 'client.statement-name' = 'items-copy-v3';
                        INSERT INTO items_dst
                        SELECT id, name FROM items_src;
                        """);
    }

    @Test
    void anyOtherFailureIsLeftAlone() {
        assertThat(AddedColumns.request(failed("items-copy", "INSERT INTO items_dst SELECT * FROM items_src",
                "cdcbridge-postgres: ... column name was renamed to full_name ... ('schema-change.behavior' = 'evolve')"))).isEmpty();
        assertThat(AddedColumns.request(failed("items-copy", "INSERT INTO items_dst SELECT * FROM items_src", null))).isEmpty();
    }

    private static Statement failed(String name, String query, String detail) {
        return new Statement(name, new StatementSpec(query, Map.of(), false, "local"), StatementStatus.of(Phase.FAILED, detail),
                List.of(), "test", Instant.EPOCH, Instant.EPOCH, null, Map.of());
    }
}
