package io.cdcbridge.cli.topic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.connectors.avro.RegistryClient;
import io.cdcbridge.connectors.cdcjson.ChangeEvent;
import io.cdcbridge.connectors.cdcjson.ChangeEventRules;
import io.cdcbridge.connectors.cdcjson.MalformedEventException;
import io.cdcbridge.control.workspace.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;

/** How an event of a file becomes a record: checked, and given its key and value bytes. */
public interface EventEncoder {

    /** A record's key (null: none) and value. */
    record Encoded(byte[] key, byte[] value) {}

    /** An event that cannot be sent as it is, with the reason. */
    final class Invalid extends Exception {
        public Invalid(String reason) {
            super(reason);
        }
    }

    /** The record of one event. */
    Encoded encode(byte[] event) throws Invalid;

    /** Change events sent as they are, checked with the {@code cdc-json} rules; the key is their key fields as JSON. */
    static EventEncoder cdcJson(ChangeEventRules rules) {
        return event -> {
            try {
                ChangeEvent checked = rules.check(event);
                byte[] key = rules.keyFields().isEmpty() ? null : checked.key().getBytes(StandardCharsets.UTF_8);
                return new Encoded(key, event);
            } catch (MalformedEventException e) {
                throw new Invalid(e.getMessage());
            }
        };
    }

    /**
     * Rows as JSON objects encoded in Avro with the latest versions of the topic's subjects ({@code <topic>-value},
     * and {@code <topic>-key} for the key fields), in Confluent's wire format.
     */
    static EventEncoder avro(RegistryClient registry, String topic, List<String> keyFields) throws IOException {
        RegistryClient.Version value = registry.latest(topic + "-value");
        RegistryClient.Version key = keyFields.isEmpty() ? null : registry.latest(topic + "-key");
        Schema valueSchema = AvroJson.parse(value.schema());
        Schema keySchema = key == null ? null : AvroJson.parse(key.schema());
        return event -> {
            JsonNode row;
            try {
                row = Json.MAPPER.readTree(event);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new Invalid("not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new Invalid("not JSON: " + e.getMessage());
            }
            if (row == null || !row.isObject()) throw new Invalid("not a JSON object");
            try {
                byte[] keyBytes = null;
                if (keySchema != null) {
                    ObjectNode k = Json.MAPPER.createObjectNode();
                    for (String f : keyFields) {
                        if (!row.has(f)) throw new Invalid("key field '" + f + "' is missing");
                        k.set(f, row.get(f));
                    }
                    keyBytes = AvroJson.encode(k, key.id(), keySchema);
                }
                return new Encoded(keyBytes, AvroJson.encode(row, value.id(), valueSchema));
            } catch (IllegalArgumentException e) {
                throw new Invalid(e.getMessage() + " (schema id " + value.id() + " of subject '" + topic + "-value')");
            }
        };
    }
}
