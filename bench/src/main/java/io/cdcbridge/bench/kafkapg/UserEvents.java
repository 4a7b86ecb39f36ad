package io.cdcbridge.bench.kafkapg;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The change events of {@code kafka-pg}: Debezium-style events (op, before, after, ts_ms) of the users-migration
 * shape. Every user is created, then updated at random, and the last 2% of the events delete distinct users; event
 * times rise with every event. Also the rows the enrichment must make of them, for the comparison.
 */
final class UserEvents {

    static final List<String> COUNTRIES = List.of("US", "IN", "DE", "SG", "FR");
    static final Map<String, String> COUNTRY_NAMES = Map.of("US", "United States", "IN", "India", "DE", "Germany", "SG", "Singapore");
    static final List<String> DOMAINS = List.of("company.com", "example.com", "contoso.com", "mail.org");
    static final List<String> CORPORATE = List.of("contoso.com", "autodesk.com", "company.com");
    static final long BASE_MILLIS = 1_700_000_000_000L;

    /** One user's state; updatedMillis is the time of the event that made it, as Debezium gives a timestamp(3) column. */
    record User(long id, String name, String email, String country, long updatedMillis) {
        String json() {
            return "{\"user_id\":" + id + ",\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"country_code\":\""
                    + country + "\",\"updated_at\":" + updatedMillis + "}";
        }
    }

    /** One event: its key and value as JSON. */
    record Event(long userId, String key, String value) {}

    /** What the target must hold for a user: the enriched last state, deleted or not. */
    record Expected(User user, boolean deleted) {
        String domain() {
            return user.email().substring(user.email().indexOf('@') + 1);
        }

        LocalDateTime updatedAt() {
            long ms = user.updatedMillis();
            return LocalDateTime.ofEpochSecond(ms / 1000, (int) (ms % 1000) * 1_000_000, ZoneOffset.UTC);
        }
    }

    final List<Event> events = new ArrayList<>();
    final Map<Long, Expected> expected = new LinkedHashMap<>();

    /** {@code count} events over {@code count / 4} users, from the seed. */
    UserEvents(int count, long seed) {
        Random random = new Random(seed);
        int users = Math.max(1, count / 4);
        int deletes = Math.min(users, count / 50);
        Map<Long, User> live = new LinkedHashMap<>();
        long ts = BASE_MILLIS;
        for (int i = 0; i < count - deletes; i++) {
            long id = i < users ? i + 1 : 1 + random.nextInt(users);
            User before = live.get(id);
            User after = new User(id, "name" + id + "-" + i, "user" + id + "-" + i + "@" + DOMAINS.get(random.nextInt(DOMAINS.size())),
                    COUNTRIES.get(random.nextInt(COUNTRIES.size())), ++ts);
            add(before == null ? "c" : "u", before, after, ts);
            live.put(id, after);
        }
        List<Long> ids = new ArrayList<>(live.keySet());
        java.util.Collections.shuffle(ids, random);
        for (int i = 0; i < deletes; i++) add("d", live.get(ids.get(i)), null, ++ts);
    }

    private void add(String op, User before, User after, long ts) {
        User user = after != null ? after : before;
        events.add(new Event(user.id(), "{\"user_id\":" + user.id() + "}", "{\"before\":" + (before == null ? "null" : before.json())
                + ",\"after\":" + (after == null ? "null" : after.json()) + ",\"op\":\"" + op + "\",\"ts_ms\":" + ts + "}"));
        expected.put(user.id(), new Expected(user, op.equals("d")));
    }

    /** The last event's time. */
    long lastMillis() {
        return BASE_MILLIS + events.size();
    }
}
