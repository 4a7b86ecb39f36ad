package io.cdcbridge.connectors.avro;

import io.cdcbridge.connectors.names.DerivedNames;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.NameValidator;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.AvroToRowDataConverters;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.data.GenericRowData;
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
    private transient MicroTimestamps micros;
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
        micros = new MicroTimestamps(rowType);
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
        // resolving by aliases builds schemas of the table's names, which SQL may spell as Avro would not
        NameValidator validator = Schema.getNameValidator();
        Schema.setNameValidator(NameValidator.NO_VALIDATION);
        try {
            GenericRecord record = (GenericRecord) datumReader.read(null, decoder);
            GenericRowData row = (GenericRowData) converter.convert(record);
            micros.read(record, row);
            return row;
        } catch (AvroRuntimeException | IOException e) {
            throw new IOException("a record written with schema id " + id + " cannot be decoded: " + e.getMessage(), e);
        } finally {
            Schema.setNameValidator(validator);
        }
    }

    // the writer's schema resolved to the table's; refused with the reason when the table cannot read what it wrote
    private GenericDatumReader<Object> readerFor(int id) throws IOException {
        Schema writer = AvroSchemas.parse(registry.schema(id));
        aliasWriterNames(reader, writer, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE
                && !onlyNamesDiffer(pair.getResult())) {
            SchemaCompatibility.Incompatibility first = pair.getResult().getIncompatibilities().get(0);
            throw new IOException("records written with schema id " + id + " cannot be read as the table's columns: "
                    + first.getMessage() + " at " + first.getLocation());
        }
        return new GenericDatumReader<>(writer, reader);
    }

    /**
     * The table's records are named after the table and its columns, another producer's after its own types (Debezium's
     * {@code Envelope}, {@code Value} ...): wherever both schemas have a record at the same place, even inside a
     * nullable union, the table's record takes the writer's full name as an alias, by which Avro resolves the two; a
     * column whose name Avro refuses takes the writer's field of its valid name ({@link DerivedNames#avroName}) so.
     */
    static void aliasWriterNames(Schema reader, Schema writer, java.util.Set<Schema> seen) {
        reader = nonNull(reader);
        writer = nonNull(writer);
        if (reader.getType() == Schema.Type.RECORD && writer.getType() == Schema.Type.RECORD) {
            if (!seen.add(reader)) return;
            if (!reader.getFullName().equals(writer.getFullName())) reader.addAlias(writer.getFullName());
            for (Schema.Field field : reader.getFields()) {
                Schema.Field written = writer.getField(field.name());
                if (written == null) {
                    // a column name Avro refuses, written as Debezium's AvroConverter writes it
                    written = writer.getField(DerivedNames.avroName(field.name()));
                    if (written != null) field.addAlias(written.name());
                }
                if (written != null) aliasWriterNames(field.schema(), written.schema(), seen);
            }
        } else if (reader.getType() == Schema.Type.ARRAY && writer.getType() == Schema.Type.ARRAY) {
            aliasWriterNames(reader.getElementType(), writer.getElementType(), seen);
        } else if (reader.getType() == Schema.Type.MAP && writer.getType() == Schema.Type.MAP) {
            aliasWriterNames(reader.getValueType(), writer.getValueType(), seen);
        }
    }

    // the one branch of a union with null, else the schema itself
    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) return s;
        List<Schema> branches = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
        return branches.size() == 1 ? branches.get(0) : s;
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
