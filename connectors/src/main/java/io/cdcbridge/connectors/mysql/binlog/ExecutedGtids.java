package io.cdcbridge.connectors.mysql.binlog;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A MySQL executed GTID set that grows as transactions commit, tagged GTIDs (MySQL 8.4) included, in MySQL's text
 * form: servers by UUID, each with its untagged intervals, then each tag and its intervals, tags in order
 * ({@code uuid:1-5:7:nightly:1-3}), as {@code gtid_executed} prints it. The library's GtidSet reads no tags.
 */
public final class ExecutedGtids {

    // uuid -> tag ("" untagged) -> interval start -> end
    private final Map<String, Map<String, TreeMap<Long, Long>>> sets = new TreeMap<>();

    private ExecutedGtids() {}

    /**
     * The set {@code text} holds, or null: none, MariaDB's GTID position ({@code domain-server-sequence}, no colon), or
     * not a GTID set.
     */
    public static ExecutedGtids parse(String text) {
        if (text == null || !(text.isBlank() || text.indexOf(':') >= 0)) return null;
        ExecutedGtids out = new ExecutedGtids();
        try {
            for (String server : BinlogStatus.withoutBreaks(text).split(",")) {
                if (server.isBlank()) continue;
                String[] parts = server.trim().split(":");
                String uuid = UUID.fromString(parts[0].trim()).toString();
                String tag = "";
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (!p.isEmpty() && Character.isDigit(p.charAt(0))) {
                        int dash = p.indexOf('-');
                        long first = Long.parseLong(dash < 0 ? p : p.substring(0, dash));
                        out.add(uuid, tag, first, Long.parseLong(dash < 0 ? p : p.substring(dash + 1)));
                    } else {
                        tag = p.toLowerCase(Locale.ROOT);
                    }
                }
            }
        } catch (IllegalArgumentException notAGtidSet) {
            return null;
        }
        return out;
    }

    /** Adds a committed transaction's GTID. */
    public void add(TaggedGtid gtid) {
        add(gtid.uuid().toString(), gtid.tag().toLowerCase(Locale.ROOT), gtid.number(), gtid.number());
    }

    private void add(String uuid, String tag, long first, long last) {
        TreeMap<Long, Long> intervals = sets.computeIfAbsent(uuid, u -> new TreeMap<>()).computeIfAbsent(tag, t -> new TreeMap<>());
        // merge with every interval it touches or adjoins
        Map.Entry<Long, Long> before = intervals.floorEntry(first);
        if (before != null && before.getValue() >= first - 1) {
            first = before.getKey();
            last = Math.max(last, before.getValue());
        }
        for (Map.Entry<Long, Long> after = intervals.ceilingEntry(first); after != null && after.getKey() <= last + 1;
                after = intervals.ceilingEntry(first)) {
            last = Math.max(last, after.getValue());
            intervals.remove(after.getKey());
        }
        intervals.put(first, last);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        sets.forEach((uuid, tags) -> {
            if (!out.isEmpty()) out.append(',');
            out.append(uuid);
            tags.forEach((tag, intervals) -> {
                if (!tag.isEmpty()) out.append(':').append(tag);
                intervals.forEach((first, last) -> {
                    out.append(':').append(first);
                    if (!last.equals(first)) out.append('-').append(last);
                });
            });
        });
        return out.toString();
    }
}
