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
 */
final class CdcJsonDeserializer implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private static final String FIELD_MESSAGE = "Fail to deserialize at field: ";

    private final ChangeEventRules rules;
    // Flink's JSON format converts the checked tree, so column types map exactly as with 'format' = 'json'.
    private final JsonRowDataDeserializationSchema json;

    CdcJsonDeserializer(ChangeEventRules rules, RowType rowType, TypeInformation<RowData> typeInfo, TimestampFormat timestampFormat) {
        this.rules = rules;
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
        ChangeEvent event = rules.check(message);
        try {
            return json.convertToRowData(event.json());
        } catch (RuntimeException e) {
            throw new MalformedEventException("does not fit the table's columns: " + describe(e));
        }
    }

    // Flink's converter nests one exception per field ("Fail to deserialize at field: after.", then "user_id.");
    // the reason names the path and the innermost message: "field after.user_id: For input string: "abc"".
    private static String describe(Throwable e) {
        StringBuilder path = new StringBuilder();
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && t.getMessage().startsWith(FIELD_MESSAGE)) {
            String field = t.getMessage().substring(FIELD_MESSAGE.length());
            if (field.endsWith(".")) field = field.substring(0, field.length() - 1);
            path.append(path.length() == 0 ? "" : ".").append(field);
            t = t.getCause();
        }
        String what = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return path.length() == 0 ? what : "field " + path + ": " + what;
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
