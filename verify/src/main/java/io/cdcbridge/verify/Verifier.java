package io.cdcbridge.verify;

import io.cdcbridge.verify.dialect.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Verifies that a target table holds what a source table holds, as data-diff does: row counts and sums of row
 * hashes per range of the key (or, for a key that is not one integer, of a hash of the key), computed inside both
 * databases at once; ranges that differ are cut into smaller ones until they are small enough to read row by row;
 * the rows of those are compared by key (missing, extra, different, with the columns). Only the ranges that differ
 * are ever read into the JVM, a bounded number of rows at a time.
 */
public final class Verifier implements AutoCloseable {

    /** How many differing rows a report lists (the counts by kind are always exact). */
    public static final int MAX_LISTED = 10_000;
    private static final long HASH_MAX = 0xFFFF_FFFFL;
    private static final int RANGES_PER_QUERY = 256;

    /**
     * How a verification runs.
     *
     * @param buckets ranges the whole tables are cut into when they differ
     * @param fanout ranges a differing range is cut into
     * @param rowLimit a differing range with at most this many rows (on the larger side) is read row by row
     * @param connections connections per side the first pass (the whole tables) is read on at once, each a part of the table
     * @param settle when set, differences are rechecked once it has waited, and only those that remain reported
     * @param progress told as the passes go
     */
    public record Options(int buckets, int fanout, int rowLimit, int connections, Optional<Settle> settle, Progress progress) {
        public Options {
            if (connections < 1) throw new IllegalArgumentException("verify needs at least one connection per side, not " + connections);
        }

        /**
         * The whole tables first, on as many connections per side as this machine has cores (at most 8); then 1024
         * ranges, each differing one cut by 32, rows read below 1000 per range; no recheck.
         */
        public static Options defaults() {
            return new Options(1024, 32, 1000, Math.min(8, Runtime.getRuntime().availableProcessors()), Optional.empty(), Progress.NONE);
        }

        public Options withSettle(Settle s) {
            return new Options(buckets, fanout, rowLimit, connections, Optional.of(s), progress);
        }

        public Options withProgress(Progress p) {
            return new Options(buckets, fanout, rowLimit, connections, settle, p);
        }

        public Options withBuckets(int first, int cut, int rows) {
            return new Options(first, cut, rows, connections, settle, progress);
        }

        public Options withConnections(int n) {
            return new Options(buckets, fanout, rowLimit, n, settle, progress);
        }
    }

    private final TableRef sourceRef;
    private final TableRef targetRef;
    private final Dialect sourceDialect;
    private final Dialect targetDialect;
    private final Connection source;
    private final Connection target;
    private final List<Column> sourceColumns;
    private final List<Column> targetColumns;
    private final List<String> sourceKey;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cdcbridge-verify");
        t.setDaemon(true);
        return t;
    });

    private Verifier(TableRef sourceRef, TableRef targetRef, Connection source, Connection target) throws SQLException {
        this.sourceRef = sourceRef;
        this.targetRef = targetRef;
        this.sourceDialect = Dialect.forUrl(sourceRef.url());
        this.targetDialect = Dialect.forUrl(targetRef.url());
        this.source = source;
        this.target = target;
        this.sourceColumns = sourceDialect.columns(source, sourceRef.name());
        this.targetColumns = targetDialect.columns(target, targetRef.name());
        if (sourceColumns.isEmpty()) throw new IllegalArgumentException("no table " + sourceRef.displayName() + " in " + sourceRef.displayUrl());
        if (targetColumns.isEmpty()) throw new IllegalArgumentException("no table " + targetRef.displayName() + " in " + targetRef.displayUrl());
        this.sourceKey = sourceDialect.primaryKey(source, sourceRef.name());
    }

    /** Connects to both databases and reads both tables' columns. */
    public static Verifier open(TableRef source, TableRef target) throws SQLException {
        Connection s = Dialect.forUrl(source.url()).connect(source);
        try {
            Connection t = Dialect.forUrl(target.url()).connect(target);
            try {
                return new Verifier(source, target, s, t);
            } catch (RuntimeException | SQLException e) {
                t.close();
                throw e;
            }
        } catch (RuntimeException | SQLException e) {
            s.close();
            throw e;
        }
    }

    /**
     * The comparison of the columns both tables have (by name, case aside), keyed by the given columns or the source's
     * primary key; the target's soft-delete flag is not compared.
     */
    public Mapping byName(Optional<List<String>> key, Optional<String> softDelete, boolean deletesIgnored, Optional<String> version) {
        List<String> keyNames = key.orElse(sourceKey);
        if (keyNames.isEmpty()) {
            throw new IllegalArgumentException(sourceRef.displayName() + " has no primary key: name the key columns (--key)");
        }
        List<Mapping.Pair> keys = new ArrayList<>();
        for (String k : keyNames) {
            Column s = find(sourceColumns, k).orElseThrow(() -> new IllegalArgumentException("'" + k + "' is not a column of " + sourceRef.displayName()));
            Column t = find(targetColumns, k).orElseThrow(() -> new IllegalArgumentException("the key column '" + k + "' is not a column of " + targetRef.displayName()));
            keys.add(new Mapping.Pair(s.name(), t.name()));
        }
        List<Mapping.Pair> values = new ArrayList<>();
        for (Column s : sourceColumns) {
            if (keys.stream().anyMatch(p -> p.source().equals(s.name()))) continue;
            find(targetColumns, s.name()).filter(t -> softDelete.map(d -> !d.equalsIgnoreCase(t.name())).orElse(true))
                    .ifPresent(t -> values.add(new Mapping.Pair(s.name(), t.name())));
        }
        return new Mapping(keys, values, softDelete, deletesIgnored, version, Optional.empty());
    }

    /** The source table's columns. */
    public List<Column> sourceColumns() {
        return sourceColumns;
    }

    /** The target table's columns. */
    public List<Column> targetColumns() {
        return targetColumns;
    }

    /** Compares the tables as the mapping says. */
    public Report verify(Mapping mapping, Options options) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        Sides sides = sides(mapping);
        Passes passes = new Passes(sides, mapping, options);
        passes.run();
        return new Report(sourceRef.toString(), targetRef.toString(), passes.sourceRows, passes.targetRows, passes.ranges,
                passes.differingRanges, passes.rowsRead, Duration.ofNanos(System.nanoTime() - started), passes.counts(),
                passes.listed(), passes.inFlight, passes.ignoredExtras, passes.parts, mapping.note());
    }

    /** Both sides of a comparison, and how their rows are split into ranges. */
    record Sides(Side source, Side target, boolean byKeyColumn) {}

    Sides sides(Mapping mapping) throws SQLException {
        List<Column> sk = columns(sourceColumns, mapping.key().stream().map(Mapping.Pair::source).toList(), sourceRef);
        List<Column> tk = columns(targetColumns, mapping.key().stream().map(Mapping.Pair::target).toList(), targetRef);
        List<Column> sv = columns(sourceColumns, mapping.values().stream().map(Mapping.Pair::source).toList(), sourceRef);
        List<Column> tv = columns(targetColumns, mapping.values().stream().map(Mapping.Pair::target).toList(), targetRef);
        mapping.softDelete().ifPresent(d -> columns(targetColumns, List.of(d), targetRef));
        // a leading integer key splits by its own values (ranges the index finds); any other key by a hash of it
        boolean byKeyColumn = sk.get(0).kind() == ValueKind.INTEGER && tk.get(0).kind() == ValueKind.INTEGER;
        List<Column> sc = java.util.stream.Stream.concat(sk.stream(), sv.stream()).toList();
        List<Column> tc = java.util.stream.Stream.concat(tk.stream(), tv.stream()).toList();
        Optional<String> sourceHash = Optional.empty();
        Optional<String> targetHash = Optional.empty();
        if (sourceDialect.getClass() == targetDialect.getClass() && sameTypes(sc, tc)) {
            sourceHash = sourceDialect.nativeHash(source, sc.stream().map(c -> sourceDialect.quote(c.name())).toList());
            targetHash = targetDialect.nativeHash(target, tc.stream().map(c -> targetDialect.quote(c.name())).toList());
            if (sourceHash.isEmpty() || targetHash.isEmpty()) {
                sourceHash = Optional.empty();
                targetHash = Optional.empty();
            }
        }
        List<Side.HashForm> forms = new ArrayList<>();
        for (int i = 0; i < sc.size(); i++) forms.add(Side.HashForm.of(sc.get(i).kind(), tc.get(i).kind()));
        return new Sides(new Side(sourceDialect, source, sourceRef, sk, sv, forms, Optional.empty(), byKeyColumn, sourceHash),
                new Side(targetDialect, target, targetRef, tk, tv, forms, mapping.softDelete(), byKeyColumn, targetHash), byKeyColumn);
    }

    // the binary hash of a value depends on its type: only columns of the very same types may use it
    private static boolean sameTypes(List<Column> a, List<Column> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!text(a.get(i).type()).equals(text(b.get(i).type()))) return false;
        }
        return true;
    }

    private static String text(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return t.equals("varchar") ? "text" : t;
    }

    /** The passes of one verification and what they found. */
    private final class Passes {
        final Sides sides;
        final Mapping mapping;
        final Options options;
        final List<Report.Part> parts = new ArrayList<>();
        long sourceRows;
        long targetRows;
        long ranges;
        long differingRanges;
        long rowsRead;
        long inFlight;
        long ignoredExtras;
        final Map<Mismatch.Kind, Long> unlisted = new EnumMap<>(Mismatch.Kind.class);
        List<Mismatch> found = new ArrayList<>();

        Passes(Sides sides, Mapping mapping, Options options) {
            this.sides = sides;
            this.mapping = mapping;
            this.options = options;
        }

        void run() throws SQLException, InterruptedException {
            long base;
            long max;
            if (sides.byKeyColumn()) {
                List<long[]> bounds = both(sides.source()::bounds, sides.target()::bounds);
                long[] s = bounds.get(0);
                long[] t = bounds.get(1);
                if (s == null && t == null) {
                    parts.add(new Report.Part("both tables empty", position()));
                    return;
                }
                base = Math.min(s == null ? Long.MAX_VALUE : s[0], t == null ? Long.MAX_VALUE : t[0]);
                max = Math.max(s == null ? Long.MIN_VALUE : s[1], t == null ? Long.MIN_VALUE : t[1]);
            } else {
                base = 0;
                max = HASH_MAX;
            }
            String position = position();
            List<Range> toRead = new ArrayList<>();
            List<Long> toReadRows = new ArrayList<>();
            long span = max - base + 1;
            long width = span <= 0 ? Long.MAX_VALUE / 2 : span;
            // the first pass compares the whole tables: equal tables cost one aggregate per part of each side
            final long first = base;
            final long last = max;
            List<Side.Bucket> whole = both(() -> whole(sides.source(), first, last), () -> whole(sides.target(), first, last));
            sourceRows = whole.get(0).rows();
            targetRows = whole.get(1).rows();
            ranges++;
            boolean equal = whole.get(0).equals(whole.get(1));
            parts.add(new Report.Part("counts and checksums of the whole tables" + (equal ? "" : ": different"), position));
            options.progress().update("checksums", 1, 1);
            if (equal) return;
            differingRanges++;
            List<Range> parents = List.of();
            if (Math.max(sourceRows, targetRows) <= options.rowLimit() || width == 1) {
                toRead.add(new Range(base, max));
                toReadRows.add(sourceRows + targetRows);
            } else {
                parents = List.of(new Range(base, max));
            }
            width = Math.max(1, ceilDiv(width, options.buckets()));
            int pass = 1;
            while (!parents.isEmpty()) {
                pass++;
                position = position();
                List<Range> next = new ArrayList<>();
                long compared = 0;
                long passRanges = 0;
                long passDiffering = 0;
                for (List<Range> chunk : chunks(parents, RANGES_PER_QUERY)) {
                    final long w = width;
                    List<Map<Long, Side.Bucket>> sums = both(() -> sides.source().checksums(base, w, chunk),
                            () -> sides.target().checksums(base, w, chunk));
                    Set<Long> ids = new TreeSet<>(sums.get(0).keySet());
                    ids.addAll(sums.get(1).keySet());
                    for (long id : ids) {
                        Side.Bucket s = sums.get(0).get(id);
                        Side.Bucket t = sums.get(1).get(id);
                        long sr = s == null ? 0 : s.rows();
                        long tr = t == null ? 0 : t.rows();
                        ranges++;
                        passRanges++;
                        if (sr == tr && s != null && t != null && s.hash() == t.hash()) continue;
                        differingRanges++;
                        passDiffering++;
                        long lo = base + id * w;
                        Range r = new Range(lo, Math.min(max, lo + w - 1));
                        if (Math.max(sr, tr) <= options.rowLimit() || w == 1) {
                            toRead.add(r);
                            toReadRows.add(sr + tr);
                        } else {
                            next.add(r);
                        }
                    }
                    compared += chunk.size();
                    options.progress().update("checksums", compared, parents.size());
                }
                parts.add(new Report.Part("pass " + pass + ": " + passRanges + " ranges, " + passDiffering + " different", position));
                parents = next;
                width = Math.max(1, ceilDiv(width, options.fanout()));
            }
            if (toRead.isEmpty()) return;
            String readAt = position();
            found = compareRows(toRead, toReadRows, readAt);
            parts.add(new Report.Part("rows of " + toRead.size() + " differing ranges", readAt));
            recheck();
        }

        /**
         * One side's count and hash of its whole table, its parts read at once, each on a connection of its own; a part
         * whose connection the database refuses (a connection limit) is read afterwards on the side's own connection.
         */
        private Side.Bucket whole(Side side, long lo, long hi) throws SQLException, InterruptedException {
            List<Dialect.Part> tableParts = side.wholeTable(options.connections(), lo, hi);
            List<Future<Optional<Side.Bucket>>> running = new ArrayList<>();
            List<Connection> opened = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < tableParts.size(); i++) {
                Dialect.Part part = tableParts.get(i);
                boolean own = i == 0;
                running.add(pool.submit(() -> {
                    if (own) return Optional.of(side.total(side.connection, part));
                    Connection c;
                    try {
                        c = side.connect();
                    } catch (SQLException refused) {
                        return Optional.empty();
                    }
                    opened.add(c);
                    return Optional.of(side.total(c, part));
                }));
            }
            long rows = 0;
            long hash = 0;
            Exception failed = null;
            List<Dialect.Part> later = new ArrayList<>();
            // every part ends before any connection is closed, also when one failed
            for (int i = 0; i < running.size(); i++) {
                try {
                    Optional<Side.Bucket> b = get(running.get(i));
                    if (b.isEmpty()) {
                        later.add(tableParts.get(i));
                        continue;
                    }
                    rows += b.get().rows();
                    hash ^= b.get().hash();
                } catch (SQLException | RuntimeException e) {
                    if (failed == null) failed = e;
                }
            }
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // a read connection: nothing to keep
                }
            }
            if (failed instanceof SQLException e) throw e;
            if (failed instanceof RuntimeException e) throw e;
            for (Dialect.Part part : later) {
                Side.Bucket b = side.total(side.connection, part);
                rows += b.rows();
                hash ^= b.hash();
            }
            return new Side.Bucket(rows, hash);
        }

        /** Reads the ranges' rows from both sides, a bounded number at a time, and compares them by key. */
        List<Mismatch> compareRows(List<Range> ranges, List<Long> rowsPerRange, String position) throws SQLException, InterruptedException {
            List<Mismatch> mismatches = new ArrayList<>();
            int i = 0;
            long budget = 20L * options.rowLimit();
            while (i < ranges.size()) {
                List<Range> chunk = new ArrayList<>();
                long rows = 0;
                while (i < ranges.size() && chunk.size() < RANGES_PER_QUERY && (chunk.isEmpty() || rows + rowsPerRange.get(i) <= budget)) {
                    rows += rowsPerRange.get(i);
                    chunk.add(ranges.get(i++));
                }
                List<Map<List<String>, Side.Row>> read = both(() -> read(sides.source(), chunk), () -> read(sides.target(), chunk));
                rowsRead += read.get(0).size() + read.get(1).size();
                diff(read.get(0), read.get(1), chunk, position, mismatches);
                options.progress().update("rows", i, ranges.size());
            }
            return mismatches;
        }

        private Map<List<String>, Side.Row> read(Side side, List<Range> chunk) throws SQLException {
            Map<List<String>, Side.Row> rows = new HashMap<>();
            side.rows(chunk, false, row -> rows.put(row.key(), row));
            return rows;
        }

        private void diff(Map<List<String>, Side.Row> s, Map<List<String>, Side.Row> t, List<Range> chunk, String position,
                          List<Mismatch> out) {
            for (Map.Entry<List<String>, Side.Row> e : s.entrySet()) {
                Side.Row other = t.get(e.getKey());
                if (other == null) {
                    out.add(mismatch(Mismatch.Kind.MISSING, e.getValue(), List.of(), chunk, position));
                } else if (!e.getValue().values().equals(other.values())) {
                    List<String> columns = new ArrayList<>();
                    for (int c = 0; c < mapping.values().size(); c++) {
                        if (!Objects.equals(e.getValue().values().get(c), other.values().get(c))) columns.add(mapping.values().get(c).label());
                    }
                    out.add(mismatch(Mismatch.Kind.DIFFERENT, e.getValue(), columns, chunk, position));
                }
            }
            for (Map.Entry<List<String>, Side.Row> e : t.entrySet()) {
                if (s.containsKey(e.getKey())) continue;
                if (mapping.deletesIgnored()) {
                    ignoredExtras++;
                } else {
                    out.add(mismatch(Mismatch.Kind.EXTRA, e.getValue(), List.of(), chunk, position));
                }
            }
        }

        private Mismatch mismatch(Mismatch.Kind kind, Side.Row row, List<String> columns, List<Range> chunk, String position) {
            Map<String, String> key = new LinkedHashMap<>();
            for (int k = 0; k < mapping.key().size(); k++) key.put(mapping.key().get(k).source(), row.key().get(k));
            Range range = chunk.stream().filter(r -> r.lo() <= row.split() && row.split() <= r.hi()).findFirst().orElseThrow();
            return new Mismatch(kind, key, columns, range, position);
        }

        /** Reads the differing rows' ranges again after the settle, until what differs stops changing: changes in flight drop out. */
        private void recheck() throws SQLException, InterruptedException {
            if (options.settle().isEmpty()) return;
            for (int round = 1; round <= 3 && !found.isEmpty(); round++) {
                options.settle().get().await(Optional.ofNullable(found.get(found.size() - 1).position()));
                List<Range> again = new ArrayList<>(new LinkedHashSet<>(found.stream().map(Mismatch::range).toList()));
                String position = position();
                List<Mismatch> now = compareRows(again, Collections.nCopies(again.size(), (long) options.rowLimit()), position);
                List<Mismatch> kept = now.stream().filter(m -> foundKeys().contains(List.of(m.kind(), m.key()))).toList();
                parts.add(new Report.Part("recheck " + round + " of " + found.size() + " differing rows", position));
                boolean settled = kept.size() == found.size();
                inFlight += found.size() - kept.size();
                found = new ArrayList<>(kept);
                if (settled) break;
            }
        }

        private Set<List<Object>> foundKeys() {
            Set<List<Object>> keys = new HashSet<>();
            for (Mismatch m : found) keys.add(List.of(m.kind(), m.key()));
            return keys;
        }

        Map<Mismatch.Kind, Long> counts() {
            Map<Mismatch.Kind, Long> counts = new EnumMap<>(Mismatch.Kind.class);
            for (Mismatch.Kind k : Mismatch.Kind.values()) counts.put(k, 0L);
            for (Mismatch m : found) counts.merge(m.kind(), 1L, Long::sum);
            return counts;
        }

        List<Mismatch> listed() {
            return found.size() <= MAX_LISTED ? found : found.subList(0, MAX_LISTED);
        }

        private String position() {
            return sides.source().position().orElse(null);
        }

        /** Runs the two queries at once, one per database. */
        private <T> List<T> both(Callable<T> onSource, Callable<T> onTarget) throws SQLException, InterruptedException {
            Future<T> s = pool.submit(onSource);
            Future<T> t = pool.submit(onTarget);
            return List.of(get(s), get(t));
        }
    }

    private static <T> T get(Future<T> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) throw s;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) chunks.add(all.subList(i, Math.min(all.size(), i + size)));
        return chunks;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static Optional<Column> find(List<Column> columns, String name) {
        Optional<Column> exact = columns.stream().filter(c -> c.name().equals(name)).findFirst();
        return exact.isPresent() ? exact : columns.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))).findFirst();
    }

    private static List<Column> columns(List<Column> all, List<String> names, TableRef table) {
        return names.stream().map(n -> all.stream().filter(c -> c.name().equals(n)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("'" + n + "' is not a column of " + table.displayName()))).toList();
    }

    @Override
    public void close() throws SQLException {
        pool.shutdownNow();
        try {
            source.close();
        } finally {
            target.close();
        }
    }
}
