package io.cdcbridge.connectors.avro;

import org.apache.avro.NameValidator;
import org.apache.avro.Schema;

/** Avro schemas as tables have them: field names as SQL writes them, so no Avro name rules. */
final class AvroSchemas {

    private AvroSchemas() {}

    static Schema parse(String json) {
        return new Schema.Parser(NameValidator.NO_VALIDATION).parse(json);
    }
}
