package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the tombstones older than the retention: at the first write, then hourly (one writer per job does). */
final class TombstoneExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(TombstoneExpiry.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final JdbcSinkConfig config;
    private final Sql expiry;
    private long lastRun;

    TombstoneExpiry(JdbcSinkConfig config, Sql expiry) {
        this.config = config;
        this.expiry = expiry;
    }

    /** Deletes the expired tombstones if the last time was an hour ago or more. */
    void runWhenDue(TargetConnection connection) throws IOException, InterruptedException {
        long nowMillis = System.currentTimeMillis();
        if (nowMillis - lastRun < EVERY.toMillis()) return;
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(config.tombstoneRetention());
        SQLException refused = connection.retrying("expire tombstones of", c -> {
            try (PreparedStatement s = c.prepareStatement(expiry.text())) {
                s.setObject(1, cutoff);
                int expired = s.executeUpdate();
                c.commit();
                if (expired > 0) LOG.info("Deleted {} tombstones older than {} of {}", expired, config.tombstoneRetention(), config.table().displayName());
            }
        });
        if (refused != null) throw new IOException("cannot expire the tombstones of " + config.table().displayName() + ": " + Dialect.describe(refused), refused);
        lastRun = nowMillis;
    }
}
