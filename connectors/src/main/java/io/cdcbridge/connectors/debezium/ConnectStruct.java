package io.cdcbridge.connectors.debezium;

import static io.cdcbridge.connectors.debezium.ConnectType.JSON;

import io.cdcbridge.connectors.debezium.ConnectType.SemanticType;
import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.DecimalHandling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/** Some columns of a Flink row as a Kafka Connect struct: the record key (key columns) or a row image (all). */
final class ConnectStruct {

    private record Field(String name, ConnectType type, boolean optional, RowData.FieldGetter getter) {}

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
            fields.add(new Field(name, connect, type.isNullable(), RowData.createFieldGetter(type, pos)));
        }
        return new ConnectStruct(List.copyOf(fields));
    }

    /** The Connect schema of the struct with the given name (null for none). */
    ObjectNode schema(String name, boolean optional) {
        List<ObjectNode> list = new ArrayList<>();
        for (Field f : fields) list.add(f.type().schema(f.optional()).put("field", f.name()));
        return ConnectType.structSchema(list, optional, name, null);
    }

    /** The struct's value for a row. */
    ObjectNode value(RowData row) {
        ObjectNode value = JSON.objectNode();
        for (Field f : fields) value.set(f.name(), f.type().value(f.getter().getFieldOrNull(row)));
        return value;
    }
}
