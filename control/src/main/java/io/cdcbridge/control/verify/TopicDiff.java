package io.cdcbridge.control.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.engine.TopicRecord;
import io.cdcbridge.control.spill.SortedSpill;
import io.cdcbridge.control.workspace.Json;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What differs between the records a topic should hold and those it holds, in one merge pass over both sides sorted
 * (by {@link SortedSpill}s): a keyed topic by the latest value per key (the last record of a key in partition and offset
 * order; a tombstone is no value), a log as multisets of records. Only the counts and the first {@link #LISTED}
 * differences are kept; a keyed difference's repair (the expected value, or a tombstone) goes to a consumer as found.
 * Differences come in the order of their keys' bytes (a JSON key's text order).
 */
final class TopicDiff {

    /** Differences listed in a report (as the verify module's reports). */
    static final int LISTED = 1000;

    // records of one key together
    private static final Comparator<TopicRecord> KEY = Comparator.comparing(TopicRecord::key, Arrays::compareUnsigned);

    /** A keyed side's order: by key, then partition and offset, so a key's latest record comes last. */
    static final Comparator<TopicRecord> BY_KEY = KEY.thenComparingInt(TopicRecord::partition).thenComparingLong(TopicRecord::offset);

    /** A log's order: by key, then value, so equal records come together. */
    static final Comparator<TopicRecord> BY_RECORD = Comparator.comparing(TopicRecord::key, Arrays::compareUnsigned)
            .thenComparing(TopicRecord::value, Arrays::compareUnsigned);

    /** A record in a run: partition, offset, key and value (length -1: null). */
    static final SortedSpill.Codec<TopicRecord> CODEC = new SortedSpill.Codec<>() {
        @Override
        public void write(DataOutput out, TopicRecord r) throws IOException {
            out.writeInt(r.partition());
            out.writeLong(r.offset());
            bytes(out, r.key());
            bytes(out, r.value());
        }

        @Override
        public TopicRecord read(DataInput in) throws IOException {
            return new TopicRecord(in.readInt(), in.readLong(), bytes(in), bytes(in));
        }

        @Override
        public long heapBytes(TopicRecord r) {
            // the record and its two arrays' headers, and its slot in the list
            return 80 + (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        }
    };

    /** Which keys a keyed comparison takes. */
    enum Scope {
        ALL,
        /** only keys the topic holds a record of (a statement that carried its predecessor's state) */
        KEYS_WRITTEN,
        /** only keys expected (the repaired keys read again) */
        KEYS_WANTED
    }

    /**
     * The differences, their counts by kind, how many keys each side had in scope (records, for a log: those the
     * reader counts itself), and how many keys (records) were written from input read after the last checkpoint.
     */
    record Result(List<Map<String, Object>> rows, long missing, long extra, long different, long upserts, long deletes,
                  long wantedKeys, long writtenKeys, long afterCheckpoint) {}

    private TopicDiff() {}

    /** {@link #keyed(SortedSpill.Cursor, SortedSpill.Cursor, SortedSpill.Cursor, SortedSpill.Cursor, Scope, Consumer)} with nothing read after a checkpoint. */
    static Result keyed(SortedSpill.Cursor<TopicRecord> wanted, SortedSpill.Cursor<TopicRecord> written,
                        SortedSpill.Cursor<TopicRecord> heldInState, Scope scope, Consumer<TopicRecord> repairs) {
        return keyed(wanted, written, heldInState, SortedSpill.Cursor.empty(), scope, repairs);
    }

    /**
     * A keyed topic: {@code wanted} (the query over the input up to the last checkpoint) and {@code written} sorted
     * {@link #BY_KEY}; a key missing from {@code written} but in {@code heldInState} (sorted alike) is not missing. A
     * key whose written value (or absence) is one the key took after its {@code wanted} records in {@code toStop}
     * (the query over the input up to where the job may have read, sorted alike; empty when it read to the checkpoint)
     * was written from input read after the checkpoint: counted so, no difference.
     */
    static Result keyed(SortedSpill.Cursor<TopicRecord> wanted, SortedSpill.Cursor<TopicRecord> written,
                        SortedSpill.Cursor<TopicRecord> heldInState, SortedSpill.Cursor<TopicRecord> toStop, Scope scope,
                        Consumer<TopicRecord> repairs) {
        Groups w = new Groups(wanted, KEY);
        Groups a = new Groups(written, KEY);
        Groups held = new Groups(heldInState, KEY);
        Versions later = new Versions(toStop);
        Rows rows = new Rows();
        long missing = 0, extra = 0, different = 0, upserts = 0, deletes = 0, wantedKeys = 0, writtenKeys = 0, after = 0;
        while (w.present || a.present) {
            int c = !w.present ? 1 : !a.present ? -1 : KEY.compare(w.last, a.last);
            boolean inWanted = c <= 0, inWritten = c >= 0;
            TopicRecord at = inWanted ? w.last : a.last;
            byte[] expected = inWanted ? w.last.value() : null;
            byte[] actual = inWritten ? a.last.value() : null;
            long before = inWanted ? w.count : 0;
            if (inWanted) w.advance();
            if (inWritten) a.advance();
            if (scope == Scope.KEYS_WRITTEN && !inWritten) continue;
            if (scope == Scope.KEYS_WANTED && !inWanted) continue;
            if (inWanted) wantedKeys++;
            if (inWritten) writtenKeys++;
            if (expected == null && actual == null || Arrays.equals(expected, actual)) continue;
            if (later.took(at.key(), before, actual)) {
                after++;
                continue;
            }
            if (actual == null) {
                if (held.skipTo(at)) continue;
                missing++;
                rows.add("missing", at.key(), List.of());
            } else if (expected == null) {
                extra++;
                rows.add("extra", at.key(), List.of());
            } else {
                different++;
                rows.add("different", at.key(), columns(expected, actual));
            }
            if (expected == null) deletes++;
            else upserts++;
            repairs.accept(new TopicRecord(-1, -1, at.key(), expected));
        }
        return new Result(rows.list, missing, extra, different, upserts, deletes, wantedKeys, writtenKeys, after);
    }

    /** {@link #log(SortedSpill.Cursor, SortedSpill.Cursor, SortedSpill.Cursor, SortedSpill.Cursor)} with nothing read after a checkpoint. */
    static Result log(SortedSpill.Cursor<TopicRecord> want, SortedSpill.Cursor<TopicRecord> own, SortedSpill.Cursor<TopicRecord> either) {
        return log(want, own, either, SortedSpill.Cursor.empty());
    }

    /**
     * A log: {@code want} (the query over the input up to the last checkpoint), {@code own} and {@code either} sorted
     * {@link #BY_RECORD}. A record the query gives more often than the range holds (its own and either's) is missing,
     * one the range holds more often than the query gives extra, unless {@code toStop} (the query over the input up to
     * where the job may have read, sorted alike) gives it as often: those were written from input read after the
     * checkpoint. Records of {@code either} are never extra.
     */
    static Result log(SortedSpill.Cursor<TopicRecord> want, SortedSpill.Cursor<TopicRecord> own, SortedSpill.Cursor<TopicRecord> either,
                      SortedSpill.Cursor<TopicRecord> toStop) {
        Groups w = new Groups(want, BY_RECORD);
        Groups o = new Groups(own, BY_RECORD);
        Groups e = new Groups(either, BY_RECORD);
        Groups l = new Groups(toStop, BY_RECORD);
        Rows rows = new Rows();
        long missing = 0, extra = 0, after = 0;
        while (w.present || o.present) {
            int c = !w.present ? 1 : !o.present ? -1 : BY_RECORD.compare(w.last, o.last);
            TopicRecord record = c <= 0 ? w.last : o.last;
            long wanted = c <= 0 ? w.count : 0, held = c >= 0 ? o.count : 0;
            if (c <= 0) w.advance();
            if (c >= 0) o.advance();
            long shared = e.skipTo(record) ? e.count : 0;
            long upTo = Math.max(wanted, l.skipTo(record) ? l.count : 0);
            long lacking = wanted - held - shared, surplus = held - upTo;
            after += Math.max(0, Math.min(held, upTo) - wanted);
            if (lacking > 0) {
                missing += lacking;
                rows.add("missing", record.value(), List.of(), lacking);
            }
            if (surplus > 0) {
                extra += surplus;
                rows.add("extra", record.value(), List.of(), surplus);
            }
        }
        return new Result(rows.list, missing, extra, 0, 0, 0, 0, 0, after);
    }

    // a side read group by group: the records equal in {@code same} together, the last and how many
    private static final class Groups {
        private final SortedSpill.Cursor<TopicRecord> records;
        private final Comparator<TopicRecord> same;
        private TopicRecord next;
        boolean present;
        TopicRecord last;
        long count;

        Groups(SortedSpill.Cursor<TopicRecord> records, Comparator<TopicRecord> same) {
            this.records = records;
            this.same = same;
            this.next = records.hasNext() ? records.next() : null;
            advance();
        }

        void advance() {
            present = next != null;
            if (!present) return;
            last = next;
            count = 1;
            next = null;
            while (records.hasNext()) {
                TopicRecord r = records.next();
                if (same.compare(r, last) != 0) {
                    next = r;
                    break;
                }
                last = r;
                count++;
            }
        }

        // whether the side has a group equal to {@code r}, those before it passed (asked in increasing order)
        boolean skipTo(TopicRecord r) {
            while (present && same.compare(last, r) < 0) advance();
            return present && same.compare(last, r) == 0;
        }
    }

    // the rerun to where the job may have read, key by key: the values each key took, in order
    private static final class Versions {
        private final SortedSpill.Cursor<TopicRecord> records;
        private TopicRecord next;

        Versions(SortedSpill.Cursor<TopicRecord> records) {
            this.records = records;
            this.next = records.hasNext() ? records.next() : null;
        }

        // whether {@code key} took {@code value} (null: a tombstone, or none) in a record after its first {@code skip};
        // asked of increasing keys, each once
        boolean took(byte[] key, long skip, byte[] value) {
            while (next != null && KEY.compare(next, new TopicRecord(-1, -1, key, null)) < 0) advance();
            boolean found = false;
            for (long i = 0; next != null && Arrays.compareUnsigned(next.key(), key) == 0; i++) {
                if (i >= skip && Arrays.equals(next.value(), value)) found = true;
                advance();
            }
            return found;
        }

        private void advance() {
            next = records.hasNext() ? records.next() : null;
        }
    }

    // the first LISTED differences
    private static final class Rows {
        final List<Map<String, Object>> list = new ArrayList<>();

        void add(String kind, byte[] key, List<String> columns) {
            add(kind, key, columns, 1);
        }

        void add(String kind, byte[] key, List<String> columns, long times) {
            for (long i = 0; i < times && list.size() < LISTED; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", kind);
                row.put("key", fields(key));
                row.put("columns", columns);
                list.add(row);
            }
        }
    }

    // a key (or an append-only record) by its fields when it is a JSON object, else as its text
    private static Map<String, String> fields(byte[] bytes) {
        Map<String, String> out = new LinkedHashMap<>();
        if (bytes == null) return out;
        JsonNode node = json(bytes);
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
        } else {
            out.put("key", new String(bytes, StandardCharsets.UTF_8));
        }
        return out;
    }

    // the columns whose values differ, when both are JSON objects; else the value as a whole
    private static List<String> columns(byte[] expected, byte[] actual) {
        JsonNode e = json(expected);
        JsonNode a = json(actual);
        if (e == null || a == null || !e.isObject() || !a.isObject()) return List.of("value");
        Set<String> names = new LinkedHashSet<>();
        e.fieldNames().forEachRemaining(names::add);
        a.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(n -> !Objects.equals(e.get(n), a.get(n))).toList();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static void bytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) out.write(b);
    }

    private static byte[] bytes(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
