package io.cdcbridge.connectors.debezium;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/** The Flink sink behind a debezium-kafka table; its state is the before image waiting for its after image. */
final class EnvelopeSink implements Sink<RowData>, SupportsWriterState<RowData, RowData> {

    private final EnvelopeSettings settings;

    EnvelopeSink(EnvelopeSettings settings) {
        this.settings = settings;
    }

    @Override
    @Deprecated
    public EnvelopeWriter createWriter(InitContext context) {
        return new EnvelopeWriter(settings, List.of());
    }

    @Override
    public StatefulSinkWriter<RowData, RowData> restoreWriter(WriterInitContext context, Collection<RowData> state) {
        return new EnvelopeWriter(settings, state);
    }

    @Override
    public SimpleVersionedSerializer<RowData> getWriterStateSerializer() {
        return new PendingRowSerializer(settings.consumedType());
    }

    /** Writes a waiting before image with Flink's own row serializer for the sink's row type. */
    private static final class PendingRowSerializer implements SimpleVersionedSerializer<RowData> {

        private final RowDataSerializer rows;

        PendingRowSerializer(RowType type) {
            this.rows = new RowDataSerializer(type);
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(RowData row) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            rows.serialize(row, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public RowData deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) throw new IOException("unknown debezium-kafka writer state version " + version);
            return rows.deserialize(new DataInputDeserializer(bytes));
        }
    }
}
