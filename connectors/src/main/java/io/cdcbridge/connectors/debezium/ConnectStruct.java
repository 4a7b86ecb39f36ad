package io.cdcbridge.connectors.debezium;

import io.cdcbridge.connectors.debezium.ConnectType.SemanticType;
import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.DecimalHandling;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.io.SerializedString;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/** Some columns of a Flink row as a Kafka Connect struct: the record key (key columns) or a row image (all). */
final class ConnectStruct {

    // the name also as JSON, quoted and escaped once
    private record Field(String name, SerializedString json, ConnectType type, boolean optional, RowData.FieldGetter getter) {}

    private final List<Field> fields;

    private ConnectStruct(List<Field> fields) {
        this.fields = fields;
    }

    /**
     * The struct of the given columns of rows of {@code rowType}, in that order. Throws IllegalArgumentException
     * naming the column when a column's type cannot be encoded.
     */
    static ConnectStruct of(RowType rowType, int[] columns, Map<String, SemanticType> semanticTypes,
                            DecimalHandling decimals) {
        List<Field> fields = new ArrayList<>();
        for (int pos : columns) {
            String name = rowType.getFieldNames().get(pos);
            LogicalType type = rowType.getTypeAt(pos);
            ConnectType connect;
            try {
                connect = ConnectType.of(type, semanticTypes.get(name), decimals);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + name + "': " + e.getMessage(), e);
            }
            fields.add(new Field(name, new SerializedString(name), connect, type.isNullable(), RowData.createFieldGetter(type, pos)));
        }
        return new ConnectStruct(List.copyOf(fields));
    }

    /** The Connect schema of the struct with the given name (null for none). */
    ObjectNode schema(String name, boolean optional) {
        List<ObjectNode> list = new ArrayList<>();
        for (Field f : fields) list.add(f.type().schema(f.optional()).put("field", f.name()));
        return ConnectType.structSchema(list, optional, name, null);
    }

    /** Writes the struct's value for a row. */
    void write(JsonGenerator g, RowData row) throws IOException {
        g.writeStartObject();
        for (Field f : fields) {
            g.writeFieldName(f.json());
            f.type().write(g, f.getter().getFieldOrNull(row));
        }
        g.writeEndObject();
    }
}
