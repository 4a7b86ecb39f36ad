package io.cdcbridge.connectors.jdbc.dialect;

import java.math.BigDecimal;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sink's Java values as JSON: temporal values as ISO text, bytes as base64, decimals as plain numbers, NaN and
 * infinities as the strings Jackson writes, arrays (lists) as JSON arrays. How an array column is written where the
 * database has no array type (MySQL, MariaDB), and how rows are shown in dead letters and messages.
 */
public final class JsonText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonText() {}

    /** A value as JSON text. */
    public static String of(Object value) {
        try {
            return JSON.writeValueAsString(plain(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a value as JSON: " + e.getMessage(), e);
        }
    }

    /** Values by name as one JSON object, in order. */
    public static byte[] object(List<String> names, List<Object> values) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) object.put(names.get(i), plain(values.get(i)));
        try {
            return JSON.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a row as JSON: " + e.getMessage(), e);
        }
    }

    private static Object plain(Object value) {
        if (value instanceof Temporal) return value.toString();
        if (value instanceof byte[] bytes) return Base64.getEncoder().encodeToString(bytes);
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object each : list) out.add(plain(each));
            return out;
        }
        return value;
    }
}
