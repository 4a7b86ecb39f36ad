package io.cdcbridge.embedded.junit;

import io.cdcbridge.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL shared by every test class of a run that asks for it:
 * {@code @ExtendWith(PostgresExtension.class)}, then an {@code EmbeddedPostgres} parameter. Test classes keep to
 * names of their own (tables, slots, publications) and drop the slots they make.
 */
public final class PostgresExtension extends SharedService<EmbeddedPostgres> {

    public PostgresExtension() {
        // several test classes' replication slots side by side
        super(EmbeddedPostgres.class, () -> EmbeddedPostgres.start(EmbeddedPostgres.Options.defaults()
                .withSetting("max_replication_slots", "64").withSetting("max_wal_senders", "64")));
    }
}
