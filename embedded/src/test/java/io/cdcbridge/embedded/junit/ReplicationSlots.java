package io.cdcbridge.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcbridge.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The replication slots (and publications) a test makes on the shared PostgreSQL, dropped after it even when it
 * fails, so that a failed test leaves nothing a later one would see:
 * {@code @RegisterExtension static final ReplicationSlots SLOTS = new ReplicationSlots();}, then
 * {@code SLOTS.made(name, publication)} for each. Runs after the class's own {@code @AfterEach} methods, which end
 * the jobs holding them.
 */
public final class ReplicationSlots implements AfterEachCallback {

    // the ceiling of a wait for a slot to be let go, reached only when a job holding it did not end
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    // slot name to its publication (empty when none)
    private final Map<String, String> made = new ConcurrentHashMap<>();

    /** Notes a slot the running test makes, and its publication (null for none); returns the slot's name. */
    public String made(String slot, String publication) {
        made.put(slot, publication == null ? "" : publication);
        return slot;
    }

    /** The slots the running test made, of these noted, that the server still holds. */
    public List<String> remaining() throws SQLException {
        try (Connection c = postgres().connect(); PreparedStatement s = c.prepareStatement(
                "SELECT slot_name FROM pg_replication_slots WHERE slot_name = ANY(?) ORDER BY slot_name")) {
            s.setArray(1, c.createArrayOf("text", made.keySet().toArray()));
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
            return names;
        }
    }

    /** Drops the slot once no reader holds it, and its publication; either may be gone already. */
    public void drop(String slot) throws SQLException {
        EmbeddedPostgres postgres = postgres();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(active(postgres, slot)).as("slot %s held by a reader", slot).isFalse());
        try (Connection c = postgres.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            s.execute();
            String publication = made.getOrDefault(slot, "");
            if (!publication.isEmpty()) {
                c.createStatement().execute("DROP PUBLICATION IF EXISTS \"" + publication.replace("\"", "\"\"") + "\"");
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        try {
            for (String slot : made.keySet()) drop(slot);
        } finally {
            made.clear();
        }
    }

    private static boolean active(EmbeddedPostgres postgres, String slot) throws SQLException {
        try (Connection c = postgres.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(bool_or(active), false) FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static EmbeddedPostgres postgres() {
        return new PostgresExtension().shared();
    }
}
