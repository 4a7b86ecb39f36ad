package io.cdcbridge.connectors.avro;

import org.apache.avro.NameValidator;
import org.apache.avro.Schema;

/** Avro schemas parsed without Avro's name rules: a writer elsewhere may have used names it refuses. */
public final class AvroSchemas {

    private AvroSchemas() {}

    static Schema parse(String json) {
        return new Schema.Parser(NameValidator.NO_VALIDATION).parse(json);
    }
}
