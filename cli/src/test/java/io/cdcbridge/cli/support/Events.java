package io.cdcbridge.cli.support;

import io.cdcbridge.cli.topic.TopicRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers to state expected change events the way a consumer of the customers topic sees them. */
public final class Events {

    private Events() {}

    /** The key of a customers_public record. */
    public static String key(int id) {
        return "{\"id\":" + id + "}";
    }

    /** The JSON value of a customers_public record (Flink's json format: schema order, nulls written). */
    public static String customer(int id, String first, String last, String email, String zip, String phone,
                                  String status, String registered) {
        return "{\"id\":" + id + ",\"first_name\":" + str(first) + ",\"last_name\":" + str(last) + ",\"email\":" + str(email)
                + ",\"zip\":" + str(zip) + ",\"phone\":" + str(phone) + ",\"status\":" + str(status)
                + ",\"registration_date\":" + str(registered) + "}";
    }

    /** The latest value per key, as a compacted topic keeps it (null for a tombstone). */
    public static Map<String, String> latest(List<TopicRecord> records) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TopicRecord r : records) out.put(r.key(), r.value());
        return out;
    }

    private static String str(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
