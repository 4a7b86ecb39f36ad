package io.cdcbridge.connectors.avro;

import org.apache.avro.NameValidator;
import org.apache.avro.Schema;

/** Avro schemas as tables have them: field names as SQL writes them, so no Avro name rules. */
public final class AvroSchemas {

    private AvroSchemas() {}

    static Schema parse(String json) {
        return new Schema.Parser(NameValidator.NO_VALIDATION).parse(json);
    }

    /**
     * A name as Debezium's {@code avro} adjustment mode ({@code schema.name.adjustment.mode},
     * {@code field.name.adjustment.mode}) makes it valid for Avro: every character other than a letter, digit or
     * {@code _} becomes {@code _}, and so does a leading digit.
     */
    public static String validName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            out.append(valid ? c : '_');
        }
        return out.isEmpty() ? "_" : out.toString();
    }
}
