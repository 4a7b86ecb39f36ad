package io.cdcbridge.connectors.cdcjson;

import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Decodes one change event into one row of the table's columns (op, before, after, the event time ...), after
 * {@link ChangeEventRules} accepted it. Anything else throws {@link MalformedEventException} with the reason:
 * the connector reading the topic decides whether that becomes a dead letter or fails the job.
 *
 * <p>An event is read by {@link OnePassReader} in one pass over its bytes; one it does not take (a broken rule) goes
 * the tree path: parsed into a tree, checked by the rules and {@link ColumnTypeCheck}, converted by Flink's json
 * converter, whose first refusal is the reason.
 */
final class CdcJsonDeserializer implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private static final String FIELD_MESSAGE = "Fail to deserialize at field: ";
    private static final String NOT_FITTING = "does not fit the table's columns: ";

    private final ChangeEventRules rules;
    private final ColumnTypeCheck types;
    private final OnePassReader reader;
    // Flink's JSON format converts the checked tree, so column types map exactly as with 'format' = 'json'.
    private final JsonRowDataDeserializationSchema json;

    CdcJsonDeserializer(ChangeEventRules rules, RowType rowType, TypeInformation<RowData> typeInfo, TimestampFormat timestampFormat,
                        boolean coerceTypes) {
        this.rules = rules;
        this.types = new ColumnTypeCheck(rowType, coerceTypes);
        this.reader = new OnePassReader(rowType, rules, types, timestampFormat);
        this.json = new JsonRowDataDeserializationSchema(rowType, typeInfo, false, false, timestampFormat);
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        json.open(context);
    }

    @Override
    public RowData deserialize(byte[] message) throws IOException {
        // A tombstone (null value) follows a delete so that compaction can drop the key: no change of its own.
        if (message == null) return null;
        RowData row = reader.read(message);
        return row != null ? row : throughTree(message);
    }

    // The tree path: the reason of a bad event, or the row of one the reader leaves to it.
    RowData throughTree(byte[] message) throws IOException {
        ChangeEvent event = rules.check(message);
        try {
            types.check(event.json());
        } catch (MalformedEventException e) {
            throw new MalformedEventException(NOT_FITTING + e.getMessage());
        }
        try {
            return json.convertToRowData(event.json());
        } catch (RuntimeException e) {
            throw new MalformedEventException(NOT_FITTING + describe(e, event));
        }
    }

    // Flink's converter nests one exception per field ("Fail to deserialize at field: after.", then "user_id.");
    // the reason names the path, the type expected and the value found (a date that does not parse, say), or the
    // innermost message where the path is not a column's.
    private String describe(Throwable e, ChangeEvent event) {
        StringBuilder path = new StringBuilder();
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && t.getMessage().startsWith(FIELD_MESSAGE)) {
            String field = t.getMessage().substring(FIELD_MESSAGE.length());
            if (field.endsWith(".")) field = field.substring(0, field.length() - 1);
            path.append(path.length() == 0 ? "" : ".").append(field);
            t = t.getCause();
        }
        String what = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String reason = path.length() == 0 ? null : types.reasonAt(event.json(), path.toString());
        return reason != null ? reason : path.length() == 0 ? what : "field " + path + ": " + what;
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return json.getProducedType();
    }
}
