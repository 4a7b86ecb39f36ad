package io.cdcbridge.control.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.engine.TopicRecord;
import io.cdcbridge.control.spill.SortedSpill;
import io.cdcbridge.control.spill.SpillDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The merge comparison over sides sorted on disk in a budget of a few records (many runs) gives exactly what holding
 * both sides in maps gives: the same missing, extra and different keys (and records of a log) with their columns, in
 * the same order, and the same repairs; a statement stopped without a savepoint, its query run to its checkpoint
 * ({@code wanted}) and to its stop (the same, then {@code afterCheckpoint}), has what it wrote from the latter counted
 * apart, never as a difference.
 */
class TopicDiffTest {

    private static Path parent;

    /** A record as generated: a key index (-1: no key), a value (null: a tombstone) with two fields. */
    record Rec(int key, Integer v, Integer w) {
        byte[] keyBytes() {
            return key < 0 ? null : ("{\"id\":\"" + (char) ('a' + key) + "\"}").getBytes(StandardCharsets.UTF_8);
        }

        byte[] valueBytes() {
            return v == null ? null : ("{\"v\":" + v + ",\"w\":" + w + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    @BeforeContainer
    static void folder() throws IOException {
        parent = Files.createTempDirectory("topic-diff-test");
    }

    @AfterContainer
    static void removeFolder() throws IOException {
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left.toList()).isEmpty();
        }
        Files.delete(parent);
    }

    @Provide
    Arbitrary<List<Rec>> keyed() {
        Arbitrary<Integer> field = Arbitraries.integers().between(0, 2);
        Arbitrary<Rec> value = Combinators.combine(Arbitraries.integers().between(0, 7), field, field).as(Rec::new);
        Arbitrary<Rec> tombstone = Arbitraries.integers().between(0, 7).map(k -> new Rec(k, null, null));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, value), net.jqwik.api.Tuple.of(1, tombstone)).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Rec>> log() {
        Arbitrary<Integer> field = Arbitraries.integers().between(0, 2);
        return Combinators.combine(Arbitraries.integers().between(-1, 1), field, field).as(Rec::new).list().ofMaxSize(30);
    }

    @Property(tries = 60)
    void aKeyedTopicDiffersOnDiskAsInMemory(@ForAll("keyed") List<Rec> wanted, @ForAll("keyed") List<Rec> written,
                                            @ForAll("keyed") List<Rec> afterCheckpoint,
                                            @ForAll @Size(max = 8) Set<@IntRange(max = 7) Integer> heldInState,
                                            @ForAll TopicDiff.Scope scope, @ForAll @IntRange(min = 100, max = 600) int budget) {
        List<TopicRecord> repairs = new ArrayList<>();
        TopicDiff.Result result;
        try (SpillDir dir = SpillDir.create(parent);
             SortedSpill<TopicRecord> w = spill(dir, budget, TopicDiff.BY_KEY, wanted);
             SortedSpill<TopicRecord> a = spill(dir, budget, TopicDiff.BY_KEY, written);
             SortedSpill<TopicRecord> h = spill(dir, budget, TopicDiff.BY_KEY,
                     heldInState.stream().map(k -> new Rec(k, 0, 0)).toList());
             SortedSpill<TopicRecord> l = spill(dir, budget, TopicDiff.BY_KEY, concat(wanted, afterCheckpoint));
             SortedSpill.Cursor<TopicRecord> wc = w.sorted(); SortedSpill.Cursor<TopicRecord> ac = a.sorted();
             SortedSpill.Cursor<TopicRecord> hc = h.sorted(); SortedSpill.Cursor<TopicRecord> lc = l.sorted()) {
            result = TopicDiff.keyed(wc, ac, hc, lc, scope, repairs::add);
        }

        // the model: latest value per key in maps, as the comparison held them before
        Map<Integer, Rec> want = latest(wanted);
        Map<Integer, Rec> have = latest(written);
        if (scope == TopicDiff.Scope.KEYS_WRITTEN) want.keySet().retainAll(have.keySet());
        if (scope == TopicDiff.Scope.KEYS_WANTED) have.keySet().retainAll(want.keySet());
        List<List<Object>> rows = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        long after = 0;
        for (int k : new TreeSet<>(union(want.keySet(), have.keySet()))) {
            Rec e = want.get(k), x = have.get(k);
            String expected = e == null || e.v() == null ? null : text(e.valueBytes());
            String actual = x == null || x.v() == null ? null : text(x.valueBytes());
            if (expected == null && actual == null || expected != null && expected.equals(actual)) continue;
            // a value (or a delete) the key took after the checkpoint
            if (afterCheckpoint.stream().anyMatch(r -> r.key() == k && java.util.Objects.equals(text(r.valueBytes()), actual))) {
                after++;
                continue;
            }
            if (actual == null) {
                if (heldInState.contains(k)) continue;
                rows.add(List.of("missing", Map.of("id", String.valueOf((char) ('a' + k))), List.of()));
            } else if (expected == null) {
                rows.add(List.of("extra", Map.of("id", String.valueOf((char) ('a' + k))), List.of()));
            } else if (!expected.equals(actual)) {
                List<String> columns = new ArrayList<>();
                if (!e.v().equals(x.v())) columns.add("v");
                if (!e.w().equals(x.w())) columns.add("w");
                rows.add(List.of("different", Map.of("id", String.valueOf((char) ('a' + k))), columns));
            } else {
                continue;
            }
            fixes.add(new Rec(k, 0, 0).keyBytes().length + " " + text(new Rec(k, 0, 0).keyBytes()) + " -> " + expected);
        }

        assertThat(rows(result)).isEqualTo(rows);
        assertThat(result.missing()).isEqualTo(rows.stream().filter(r -> r.get(0).equals("missing")).count());
        assertThat(result.extra()).isEqualTo(rows.stream().filter(r -> r.get(0).equals("extra")).count());
        assertThat(result.different()).isEqualTo(rows.stream().filter(r -> r.get(0).equals("different")).count());
        assertThat(repairs.stream().map(r -> r.key().length + " " + text(r.key()) + " -> " + text(r.value())).toList()).isEqualTo(fixes);
        assertThat(result.upserts()).isEqualTo(fixes.stream().filter(f -> !f.endsWith("-> null")).count());
        assertThat(result.deletes()).isEqualTo(fixes.stream().filter(f -> f.endsWith("-> null")).count());
        assertThat(result.wantedKeys()).isEqualTo(want.size());
        assertThat(result.writtenKeys()).isEqualTo(have.size());
        assertThat(result.afterCheckpoint()).isEqualTo(after);
    }

    @Property(tries = 60)
    void aLogDiffersOnDiskAsInMemory(@ForAll("log") List<Rec> want, @ForAll("log") List<Rec> own, @ForAll("log") List<Rec> either,
                                     @ForAll("log") List<Rec> afterCheckpoint, @ForAll @IntRange(min = 100, max = 600) int budget) {
        TopicDiff.Result result;
        try (SpillDir dir = SpillDir.create(parent);
             SortedSpill<TopicRecord> w = spill(dir, budget, TopicDiff.BY_RECORD, want);
             SortedSpill<TopicRecord> o = spill(dir, budget, TopicDiff.BY_RECORD, own);
             SortedSpill<TopicRecord> e = spill(dir, budget, TopicDiff.BY_RECORD, either);
             SortedSpill<TopicRecord> l = spill(dir, budget, TopicDiff.BY_RECORD, concat(want, afterCheckpoint));
             SortedSpill.Cursor<TopicRecord> wc = w.sorted(); SortedSpill.Cursor<TopicRecord> oc = o.sorted();
             SortedSpill.Cursor<TopicRecord> ec = e.sorted(); SortedSpill.Cursor<TopicRecord> lc = l.sorted()) {
            result = TopicDiff.log(wc, oc, ec, lc);
        }

        // the model: multisets of records in maps
        Comparator<List<String>> order = Comparator.comparing((List<String> r) -> r.get(0), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(r -> r.get(1));
        Map<List<String>, Long> w = counts(want, order), o = counts(own, order), e = counts(either, order),
                later = counts(afterCheckpoint, order);
        Map<List<String>, Long> all = new TreeMap<>(order);
        all.putAll(w);
        all.putAll(o);
        List<List<Object>> rows = new ArrayList<>();
        long after = 0;
        for (List<String> r : all.keySet()) {
            long wanted = w.getOrDefault(r, 0L), held = o.getOrDefault(r, 0L), shared = e.getOrDefault(r, 0L);
            long upTo = wanted + later.getOrDefault(r, 0L);
            after += Math.max(0, Math.min(held, upTo) - wanted);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("v", r.get(1).substring(5, 6));
            fields.put("w", r.get(1).substring(11, 12));
            for (long i = 0; i < wanted - held - shared; i++) rows.add(List.of("missing", fields, List.of()));
            for (long i = 0; i < held - upTo; i++) rows.add(List.of("extra", fields, List.of()));
        }

        assertThat(rows(result)).isEqualTo(rows);
        assertThat(result.missing()).isEqualTo(rows.stream().filter(r -> r.get(0).equals("missing")).count());
        assertThat(result.extra()).isEqualTo(rows.stream().filter(r -> r.get(0).equals("extra")).count());
        assertThat(result.afterCheckpoint()).isEqualTo(after);
    }

    private static SortedSpill<TopicRecord> spill(SpillDir dir, int budget, Comparator<TopicRecord> order, List<Rec> records) {
        SortedSpill<TopicRecord> spill = new SortedSpill<>(dir.path(), budget, order, TopicDiff.CODEC);
        // offsets in order within each partition; a key lives in one partition
        Map<Integer, Long> offsets = new HashMap<>();
        for (Rec r : records) {
            int partition = Math.floorMod(r.key(), 3);
            spill.add(new TopicRecord(partition, offsets.merge(partition, 1L, Long::sum), r.keyBytes(), r.valueBytes()));
        }
        spill.flush();
        return spill;
    }

    private static List<Rec> concat(List<Rec> a, List<Rec> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static Map<Integer, Rec> latest(List<Rec> records) {
        Map<Integer, Rec> out = new TreeMap<>();
        for (Rec r : records) out.put(r.key(), r);
        return out;
    }

    private static Map<List<String>, Long> counts(List<Rec> records, Comparator<List<String>> order) {
        Map<List<String>, Long> out = new TreeMap<>(order);
        for (Rec r : records) out.merge(java.util.Arrays.asList(text(r.keyBytes()), text(r.valueBytes())), 1L, Long::sum);
        return out;
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> rows(TopicDiff.Result result) {
        return result.rows().stream().map(r -> List.of(r.get("kind"), (Object) r.get("key"), r.get("columns"))).toList();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
