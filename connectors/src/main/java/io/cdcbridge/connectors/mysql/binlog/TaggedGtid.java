package io.cdcbridge.connectors.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.EventData;
import java.util.UUID;

/**
 * A transaction's GTID as MySQL 8.4 writes a tagged one ({@code uuid:tag:number}, the GTID_TAGGED_LOG_EVENT), or an
 * untagged one (tag empty), with its commit times in microseconds since the epoch (0 where the event has none): the
 * original server's, and this server's.
 */
public record TaggedGtid(UUID uuid, String tag, long number, long originalCommitMicros, long immediateCommitMicros)
        implements EventData {

    /** An untagged GTID, as MySQL's GTID event gives it. */
    public static TaggedGtid untagged(UUID uuid, long number) {
        return new TaggedGtid(uuid, "", number, 0, 0);
    }
}
