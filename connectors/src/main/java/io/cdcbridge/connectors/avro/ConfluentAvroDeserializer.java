package io.cdcbridge.connectors.avro;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.AvroToRowDataConverters;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Reads Confluent's wire format: each record decoded with the schema its id names (fetched from the registry once),
 * resolved to the table's schema as Avro resolves a writer's schema to a reader's (a field the table lacks skipped,
 * one the writer lacks given its default).
 */
final class ConfluentAvroDeserializer implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final RegistryClient registry;
    private final String readerJson;
    private final RowType rowType;
    private final TypeInformation<RowData> producedType;

    private transient Schema reader;
    private transient Map<Integer, GenericDatumReader<Object>> byWriter;
    private transient AvroToRowDataConverters.AvroToRowDataConverter converter;
    private transient BinaryDecoder decoder;

    ConfluentAvroDeserializer(RegistryClient registry, String readerJson, RowType rowType, TypeInformation<RowData> producedType) {
        this.registry = registry;
        this.readerJson = readerJson;
        this.rowType = rowType;
        this.producedType = producedType;
    }

    @Override
    public void open(InitializationContext context) {
        reader = AvroSchemas.parse(readerJson);
        byWriter = new HashMap<>();
        converter = AvroToRowDataConverters.createRowConverter(rowType, false);
    }

    @Override
    public RowData deserialize(byte[] message) throws IOException {
        if (message == null) return null;
        int id = WireFormat.schemaId(message);
        GenericDatumReader<Object> datumReader = byWriter.get(id);
        if (datumReader == null) {
            datumReader = readerFor(id);
            byWriter.put(id, datumReader);
        }
        decoder = DecoderFactory.get().binaryDecoder(message, WireFormat.HEADER, message.length - WireFormat.HEADER, decoder);
        try {
            return (RowData) converter.convert(datumReader.read(null, decoder));
        } catch (AvroRuntimeException | IOException e) {
            throw new IOException("a record written with schema id " + id + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    // the writer's schema resolved to the table's; refused with the reason when the table cannot read what it wrote
    private GenericDatumReader<Object> readerFor(int id) throws IOException {
        Schema writer = AvroSchemas.parse(registry.schema(id));
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE
                && !onlyNamesDiffer(pair.getResult())) {
            SchemaCompatibility.Incompatibility first = pair.getResult().getIncompatibilities().get(0);
            throw new IOException("records written with schema id " + id + " cannot be read as the table's columns: "
                    + first.getMessage() + " at " + first.getLocation());
        }
        return new GenericDatumReader<>(writer, reader);
    }

    // the table's record is named after the table, another producer's after its own type: Avro resolves them alike
    private static boolean onlyNamesDiffer(SchemaCompatibility.SchemaCompatibilityResult result) {
        return result.getIncompatibilities().stream()
                .allMatch(i -> i.getType() == SchemaCompatibility.SchemaIncompatibilityType.NAME_MISMATCH);
    }

    @Override
    public boolean isEndOfStream(RowData next) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
