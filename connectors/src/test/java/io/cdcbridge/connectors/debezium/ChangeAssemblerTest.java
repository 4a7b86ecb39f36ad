package io.cdcbridge.connectors.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.DecimalHandling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

class ChangeAssemblerTest {

    private static final RowType PASTA = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.INT()),
            DataTypes.FIELD("name", DataTypes.STRING())).getLogicalType();

    private final ChangeAssembler assembler =
            new ChangeAssembler(row -> row.getString(1).toString(), new RowDataSerializer(PASTA));

    private static RowData row(RowKind kind, int id, String name) {
        return GenericRowData.ofKind(kind, id, StringData.fromString(name));
    }

    /** Each change as "op before-name after-name old-key new-key", null images as "-". */
    private static List<String> describe(List<Change> changes) {
        List<String> out = new ArrayList<>();
        for (Change c : changes) {
            out.add(c.op().code + " " + name(c.before()) + " " + name(c.after()) + " " + name(c.oldKeyRow())
                    + " " + name(c.newKeyRow()));
        }
        return out;
    }

    private static String name(RowData row) {
        return row == null ? "-" : row.getString(1).toString();
    }

    @Test
    void anUpdateUnderTheSameKeyIsOneEventWithBothImages() {
        assertThat(assembler.accept(row(RowKind.UPDATE_BEFORE, 2, "pennette"))).isEmpty();
        List<Change> update = assembler.accept(row(RowKind.UPDATE_AFTER, 2, "pennette"));
        assertThat(describe(update)).containsExactly("u pennette pennette - -");
        assertThat(update.get(0).before().getRowKind()).isEqualTo(RowKind.UPDATE_BEFORE);
        assertThat(assembler.pending()).isNull();
    }

    @Test
    void anUpdateThatChangesTheKeyIsADeleteOfTheOldKeyAndACreateOfTheNew() {
        assembler.accept(row(RowKind.UPDATE_BEFORE, 1, "spaghetti"));
        assertThat(describe(assembler.accept(row(RowKind.UPDATE_AFTER, 1, "spaghettini"))))
                .containsExactly("d spaghetti - - spaghettini", "c - spaghettini spaghetti -");
    }

    @Test
    void aBeforeImageThatNoAfterImageFollowsIsADelete() {
        assembler.accept(row(RowKind.UPDATE_BEFORE, 3, "linguine"));
        assertThat(describe(assembler.accept(row(RowKind.INSERT, 4, "farfalle"))))
                .containsExactly("d linguine - - -", "c - farfalle - -");

        assembler.accept(row(RowKind.UPDATE_BEFORE, 4, "farfalle"));
        assertThat(describe(assembler.drain())).containsExactly("d farfalle - - -");
        assertThat(assembler.drain()).isEmpty();
    }

    @Test
    void anAfterImageWithoutBeforeImageIsAnUpdateWithoutBefore() {
        assertThat(describe(assembler.accept(row(RowKind.UPDATE_AFTER, 2, "pennette"))))
                .containsExactly("u - pennette - -");
        assertThat(describe(assembler.accept(row(RowKind.DELETE, 2, "pennette"))))
                .containsExactly("d pennette - - -");
    }

    @Test
    void theWaitingBeforeImageIsCopiedSoThatAReusedInputRowCannotChangeIt() {
        GenericRowData reused = GenericRowData.ofKind(RowKind.UPDATE_BEFORE, 2, StringData.fromString("pennette"));
        assembler.accept(reused);
        reused.setField(1, StringData.fromString("overwritten"));
        reused.setRowKind(RowKind.UPDATE_AFTER);
        assertThat(describe(assembler.accept(reused))).containsExactly("d pennette - - overwritten",
                "c - overwritten pennette -");
    }

    @Test
    void aCheckpointedBeforeImagePairsWithTheAfterImageThatArrivesAfterTheRestart() throws Exception {
        EnvelopeSettings settings = new EnvelopeSettings(PASTA, 2, new int[] {1}, List.of(), DebeziumKafkaOptions.Layout.POSTGRESQL, "my_pg_source", null,
                null, "public", "pasta", true, true, DecimalHandling.PRECISE, Map.of(), new Properties(), null);
        SimpleVersionedSerializer<RowData> state = new EnvelopeSink(settings).getWriterStateSerializer();
        assembler.accept(row(RowKind.UPDATE_BEFORE, 2, "pennette"));
        byte[] checkpointed = state.serialize(assembler.pending());

        ChangeAssembler restarted = new ChangeAssembler(row -> row.getString(1).toString(), new RowDataSerializer(PASTA));
        restarted.restore(state.deserialize(state.getVersion(), checkpointed));
        assertThat(describe(restarted.accept(row(RowKind.UPDATE_AFTER, 2, "pennette"))))
                .containsExactly("u pennette pennette - -");
    }
}
