package io.cdcbridge.control.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.engine.SourceEvolution;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementSpec;
import io.cdcbridge.control.statement.StatementStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The v2 that carries columns added or widened at a source through, from what the source asked for (no engine). */
class AddedColumnsTest {

    private static final String ADDED = "The failure is not recoverable: cdcbridge-postgres: the columns of public.items in"
            + " db:5432/app changed while streaming, in the transaction committed at 0/2BC: column note text was added;"
            + " column price numeric(10,2) was added. 'schema-change.behavior' = 'evolve': the job stops before that change,"
            + " nothing from it on emitted, for a version of statement items-copy that reads the new column(s) from this job's"
            + " latest checkpoint (its target gains them too where the statement passes the table's columns through), with:"
            + " ALTER TABLE `items_src` ADD (`note` STRING, `price` DECIMAL(10, 2)); (in Source: items_src[1] -> Sink)";

    private static final SourceEvolution ADDING = new SourceEvolution("items_src", List.of("`note` STRING", "`price` DECIMAL(10, 2)"),
            List.of());

    @Test
    void aQueryPassingTheColumnsThroughGetsThemInItsTargetToo() {
        assertThat(AddedColumns.request(failed("items-copy", "INSERT INTO items_dst SELECT * FROM items_src", ADDED), ADDING).orElseThrow())
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
        assertThat(AddedColumns.request(failed("items-copy-v2", "INSERT INTO items_dst\nSELECT id, name FROM items_src;", ADDED), ADDING)
                .orElseThrow().script()).isEqualTo("""
                        ALTER TABLE `items_src` ADD (`note` STRING, `price` DECIMAL(10, 2));
                        SET 'client.statement-name' = 'items-copy-v3';
                        INSERT INTO items_dst
                        SELECT id, name FROM items_src;
                        """);
    }

    @Test
    void aWidenedColumnIsModifiedInTheSourceTableAndThePassingTarget() {
        SourceEvolution widening = new SourceEvolution("items_src", List.of("`note` STRING"), List.of("`qty` BIGINT", "`id` BIGINT NOT NULL"));
        assertThat(AddedColumns.request(failed("items-copy", "INSERT INTO items_dst SELECT * FROM items_src", "widened"), widening)
                .orElseThrow().script()).isEqualTo("""
                        ALTER TABLE `items_src` ADD (`note` STRING);
                        ALTER TABLE `items_src` MODIFY (`qty` BIGINT, `id` BIGINT NOT NULL);
                        ALTER TABLE items_dst ADD (`note` STRING);
                        ALTER TABLE items_dst MODIFY (`qty` BIGINT, `id` BIGINT NOT NULL);
                        SET 'client.statement-name' = 'items-copy-v2';
                        INSERT INTO items_dst SELECT * FROM items_src;
                        """);
    }

    @Test
    void anyOtherFailureIsLeftAloneWhateverItsMessageSays() {
        assertThat(AddedColumns.request(failed("items-copy", "INSERT INTO items_dst SELECT * FROM items_src",
                "cdcbridge-postgres: ... column name was renamed to full_name ... ('schema-change.behavior' = 'evolve')"), null)).isEmpty();
        // the words of an evolution without the source's typed request: not an evolution
        assertThat(AddedColumns.request(failed("items-copy", "INSERT INTO items_dst SELECT * FROM items_src", ADDED), null)).isEmpty();
        assertThat(AddedColumns.request(failed("items-copy", "INSERT INTO items_dst SELECT * FROM items_src", null), null)).isEmpty();
    }

    private static Statement failed(String name, String query, String detail) {
        return new Statement(name, new StatementSpec(query, Map.of(), false, "local"), StatementStatus.of(Phase.FAILED, detail),
                List.of(), "test", Instant.EPOCH, Instant.EPOCH, null, Map.of());
    }
}
