package io.cdcbridge.connectors.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.avro.RowDataToAvroConverters;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Writes rows in Confluent's wire format: the magic byte 0, the writer schema's id (4 bytes, big-endian) as the
 * registry gave it for the subject, then the row as Avro binary (flink-avro's converters, SQL timestamps as local
 * timestamps, TIMESTAMP_LTZ as instants).
 */
final class ConfluentAvroSerializer implements SerializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final RegistryClient registry;
    private final String subject;
    private final String schemaJson;
    private final RowType rowType;

    private transient Schema schema;
    private transient int id;
    private transient RowDataToAvroConverters.RowDataToAvroConverter converter;
    private transient MicroTimestamps micros;
    private transient GenericDatumWriter<Object> writer;
    private transient ByteArrayOutputStream out;
    private transient BinaryEncoder encoder;

    ConfluentAvroSerializer(RegistryClient registry, String subject, String schemaJson, RowType rowType) {
        this.registry = registry;
        this.subject = subject;
        this.schemaJson = schemaJson;
        this.rowType = rowType;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        schema = AvroSchemas.parse(schemaJson);
        id = registry.register(subject, schema.toString());
        converter = RowDataToAvroConverters.createConverter(rowType, false);
        micros = new MicroTimestamps(rowType);
        writer = new GenericDatumWriter<>(schema);
        out = new ByteArrayOutputStream();
    }

    @Override
    public byte[] serialize(RowData row) {
        out.reset();
        WireFormat.writeHeader(out, id);
        encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
        try {
            GenericRecord record = (GenericRecord) converter.convert(schema, row);
            micros.write(row, record);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
