package io.cdcbridge.cli.support;

import io.cdcbridge.cli.topic.TopicRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers to state expected change events the way a consumer of the customers topic sees them. */
public final class Events {

    private Events() {}

    /** The customers of the customers-contract example as its contract publishes them, before any change. */
    public static final String SALLY = customer(1001, "Sally", "Thomas", "sally.thomas@acme.com", "10001", "(212) 555-0101", "NEW", "01-03-2021");
    public static final String GEORGE = customer(1002, "George", "Bailey", "gbailey@foobar.com", "60606", "(312) 555-0102", "VIP", "24-12-2020");
    public static final String EDWARD = customer(1003, "Edward", "Walker", "ed@walker.com", "02110", null, "BLOCKED", "15-07-2022");
    public static final String ANNE = customer(1004, "Anne", "Kretchmar", "annek@noanswer.org", "98101", "(206) 555-0104", "STANDARD", "20-05-2019");
    /** The customer the example's changes insert (and then update). */
    public static final String SAUNDRA = customer(1005, "Saundra", "Geoff", "saundra.geoff@example.com", "90210", "(800) 555‑3100", "NEW", "17-02-2023");

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
