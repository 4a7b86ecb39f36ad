package io.cdcbridge.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.verify.Mismatch.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Verification against a real PostgreSQL (source, and a target in another schema) and a real MariaDB (target). */
@Tag("integration")
class VerifierTest {

    private static EmbeddedPostgres pg;
    private static EmbeddedMariaDb maria;

    // every type the sink writes; the MariaDB twin has the types cdcbridge-jdbc's auto-create gives them
    private static final String PG_COLUMNS = "id bigint PRIMARY KEY, name text, price numeric(10,2), ratio double precision, "
            + "active boolean, born date, seen timestamp(6), at timestamptz, note varchar(50)";
    private static final String MARIA_COLUMNS = "id BIGINT PRIMARY KEY, name TEXT, price DECIMAL(10,2), ratio DOUBLE, "
            + "active BOOLEAN, born DATE, seen DATETIME(6), at DATETIME(6), note VARCHAR(50)";
    private static final List<String> VALUE_COLUMNS = List.of("name", "price", "ratio", "active", "born", "seen", "at", "note");

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgres.start();
        // serving TLS too, for the table read over it
        maria = EmbeddedMariaDb.start(null, false, true);
    }

    @AfterAll
    static void stop() {
        if (maria != null) maria.close();
        if (pg != null) pg.close();
    }

    static Stream<String> targets() {
        return Stream.of("postgres", "mariadb");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void equalTablesAreEqual(String kind) throws Exception {
        TableRef source = sourceCustomers("equal_s_" + kind, 3000);
        // the first pass on four connections per side (more than PostgreSQL's one query and its two parallel workers):
        // PostgreSQL's parts by pages, MariaDB's by key ranges
        Report r = verify(source, customers(kind, "equal_s_" + kind, "equal_t", 3000), Verifier.Options.defaults().withConnections(4));

        assertThat(r.equal()).isTrue();
        assertThat(r.sourceRows()).isEqualTo(3000);
        assertThat(r.targetRows()).isEqualTo(3000);
        assertThat(r.differingRanges()).isZero();
        assertThat(r.rowsRead()).isZero();
        assertThat(r.parts().get(0).position()).startsWith("LSN ");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void oneMissingOneExtraAndOneDifferingRowPerType(String kind) throws Exception {
        TableRef source = sourceCustomers("diff_s_" + kind, 2000);
        TableRef target = customers(kind, "diff_s_" + kind, "diff_t", 2000);
        EmbeddedDatabase db = kind.equals("postgres") ? pg : maria;
        String t = kind.equals("postgres") ? "target.diff_t" : "diff_t";
        db.execute("DELETE FROM " + t + " WHERE id = 17",
                "INSERT INTO " + t + " (id, name) VALUES (5000, 'only in target')",
                "UPDATE " + t + " SET name = 'Changed' WHERE id = 101",
                "UPDATE " + t + " SET price = price + 0.01 WHERE id = 102",
                "UPDATE " + t + " SET ratio = ratio + 0.5 WHERE id = 103",
                "UPDATE " + t + " SET active = NOT active WHERE id = 104",
                "UPDATE " + t + " SET born = born + INTERVAL 1 DAY WHERE id = 105".replace("INTERVAL 1 DAY", kind.equals("postgres") ? "1" : "INTERVAL 1 DAY"),
                "UPDATE " + t + " SET seen = seen + INTERVAL '1' SECOND WHERE id = 106".replace("'1'", kind.equals("postgres") ? "'1'" : "1"),
                "UPDATE " + t + " SET at = at + INTERVAL '1' MICROSECOND WHERE id = 107".replace(" '1' MICROSECOND", kind.equals("postgres") ? " '1 microsecond'" : " 1 MICROSECOND"),
                "UPDATE " + t + " SET note = NULL WHERE id = 110");

        Report r = verify(source, target, Verifier.Options.defaults().withConnections(4));

        assertThat(r.equal()).isFalse();
        assertThat(summary(r)).containsExactlyInAnyOrder(
                "MISSING id=17", "EXTRA id=5000",
                "DIFFERENT id=101 [name]", "DIFFERENT id=102 [price]", "DIFFERENT id=103 [ratio]", "DIFFERENT id=104 [active]",
                "DIFFERENT id=105 [born]", "DIFFERENT id=106 [seen]", "DIFFERENT id=107 [at]", "DIFFERENT id=110 [note]");
        assertThat(r.mismatches()).isEqualTo(Map.of(Kind.MISSING, 1L, Kind.EXTRA, 1L, Kind.DIFFERENT, 8L));
        assertThat(r.sourceRows()).isEqualTo(2000);
        assertThat(r.targetRows()).isEqualTo(2000);
    }

    /**
     * A table behind TLS, reached as verify reaches a cdcbridge-mysql source with 'ssl.mode' = 'verify-identity': the
     * driver's TLS properties apart from the URL, a CA file whose path holds '&', '=', '?' and '#' (which would cut a
     * URL's parameters), a user who may log in over TLS only.
     */
    @Test
    void aTableOverTlsVerifiedAgainstTheServersCertificate() throws Exception {
        TableRef source = sourceCustomers("tls_s", 100);
        customers("mariadb", "tls_s", "tls_t", 100);
        maria.execute("CREATE USER 'tls'@'%' IDENTIFIED BY 'tls-pw' REQUIRE SSL", "GRANT SELECT ON *.* TO 'tls'@'%'");
        Path dir = Files.createTempDirectory("verify-tls");
        Path ca = Files.copy(maria.tlsCertificate(), dir.resolve("ca&sslMode=trust?x#1.pem"));
        String url = "jdbc:mysql://" + maria.host() + ":" + maria.port() + "/" + maria.database();

        Report r;
        try {
            r = verify(source, new TableRef(url, "tls", "tls-pw", List.of("tls_t"),
                    Map.of("sslMode", "verify-full", "serverSslCert", ca.toString())), Verifier.Options.defaults());
        } finally {
            Files.delete(ca);
            Files.delete(dir);
        }

        assertThat(r.equal()).isTrue();
        assertThat(r.targetRows()).isEqualTo(100);
    }

    @Test
    void differencesAtRangeEdgesAreFound() throws Exception {
        TableRef source = sourceCustomers("edge_s", 1000);
        TableRef target = customers("mariadb", "edge_s", "edge_t", 1000);
        // 1000 keys in 10 ranges of 100, cut by 4 down to 5 rows: first and last keys, both sides of range borders,
        // and keys beyond the source's bounds
        maria.execute("DELETE FROM edge_t WHERE id IN (1, 100, 101, 1000)",
                "UPDATE edge_t SET name = 'x' WHERE id IN (200, 201)",
                "INSERT INTO edge_t (id, name) VALUES (0, 'before'), (1001, 'after')");

        Report r = verify(source, target, Verifier.Options.defaults().withBuckets(10, 4, 5));

        assertThat(summary(r)).containsExactlyInAnyOrder("MISSING id=1", "MISSING id=100", "MISSING id=101", "MISSING id=1000",
                "DIFFERENT id=200 [name]", "DIFFERENT id=201 [name]", "EXTRA id=0", "EXTRA id=1001");
        assertThat(r.parts()).hasSizeGreaterThan(2);
    }

    @Test
    void compositeAndTextKeys() throws Exception {
        pg.execute("CREATE TABLE comp_s (region text, id int, city text, PRIMARY KEY (region, id))",
                "INSERT INTO comp_s SELECT r, i, 'city ' || i FROM unnest(ARRAY['eu', 'EU', 'us', 'Zürich', 'a b', '']) r, generate_series(1, 300) i");
        maria.execute("CREATE TABLE comp_t (region VARCHAR(20) COLLATE utf8mb4_bin, id INT, city TEXT, PRIMARY KEY (region, id))");
        copy(pg, "SELECT region, id, city FROM comp_s", maria, "INSERT INTO comp_t VALUES (?, ?, ?)");
        maria.execute("UPDATE comp_t SET city = 'moved' WHERE region = 'Zürich' AND id = 7",
                "DELETE FROM comp_t WHERE region = 'EU' AND id = 300",
                "INSERT INTO comp_t VALUES ('eu', 301, 'only in target')");

        Report r = verify(pgTable("public", "comp_s"), mariaTable("comp_t"), Verifier.Options.defaults());

        assertThat(r.sourceRows()).isEqualTo(1800);
        assertThat(summary(r)).containsExactlyInAnyOrder("DIFFERENT id=7, region=Zürich [city]", "MISSING id=300, region=EU",
                "EXTRA id=301, region=eu");
    }

    // the row hash joins fields with '|' and marks NULL as '-': text holding either still differs
    @Test
    void textHoldingTheSeparatorOrTheNullMarkIsCompared() throws Exception {
        pg.execute("CREATE TABLE sep_s (id int PRIMARY KEY, a text, b text)",
                "INSERT INTO sep_s VALUES (1, 'x|', 'y'), (2, '-', NULL), (3, NULL, '-'), (4, '|', '|')");
        maria.execute("CREATE TABLE sep_t (id INT PRIMARY KEY, a TEXT, b TEXT)",
                "INSERT INTO sep_t VALUES (1, 'x', '|y'), (2, NULL, '-'), (3, '-', NULL), (4, '|', '|')");

        Report r = verify(pgTable("public", "sep_s"), mariaTable("sep_t"), Verifier.Options.defaults());

        assertThat(summary(r)).containsExactlyInAnyOrder("DIFFERENT id=1 [a, b]", "DIFFERENT id=2 [a, b]", "DIFFERENT id=3 [a, b]");
    }

    // the row hash renders integers, dates and timestamps as numbers and texts apart from their lengths: every
    // difference the normalized text shows still shows, across both databases and between PostgreSQL tables of other types
    @ParameterizedTest
    @MethodSource("targets")
    void everyFormOfTheRowHashTellsValuesApart(String kind) throws Exception {
        String table = "forms_" + kind;
        pg.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, n int, d date, ts timestamp(6), tz timestamptz, a text, b varchar(10))",
                "INSERT INTO " + table + " VALUES (1, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (2, -7, '1900-02-28', '1969-12-31 23:59:59.999999', '2024-06-01 12:00:00.5+02', 'é|ü', '|'),"
                        + " (3, 1, '2000-01-01', '2024-01-01', '2024-01-01 00:00:00+00', '', 'y'),"
                        + " (4, 1, '2000-01-01', '2024-01-01', '2024-01-01 00:00:00+00', 'x|', 'y'),"
                        + " (5, 1, '2000-01-01', '2024-01-01', '2024-01-01 00:00:00+00', NULL, 'x'),"
                        + " (6, NULL, '2000-01-01', '2024-01-01', '2024-01-01 00:00:00+00', 'é|', 'x'),"
                        + " (7, 1, '2000-01-01', NULL, '2024-01-01 00:00:00+00', 'a', 'b'),"
                        + " (8, 1, '2000-01-01', '1969-12-31 23:59:59.999999', '2024-01-01 00:00:00+00', 'a', 'b'),"
                        + " (9, 1, '1900-02-28', '2024-01-01', '2024-01-01 00:00:00+00', 'a', 'b'),"
                        + " (10, 1, '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00', 'a', 'b')");
        String t;
        TableRef target;
        if (kind.equals("postgres")) {
            // other types than the source's: the row hash of the values' text, not PostgreSQL's of their binary form
            pg.execute("CREATE SCHEMA IF NOT EXISTS target",
                    "CREATE TABLE target." + table + " (id bigint PRIMARY KEY, n bigint, d date, ts timestamp(6), tz timestamptz, a text, b text)",
                    "INSERT INTO target." + table + " SELECT * FROM " + table);
            t = "target." + table;
            target = pgTable("target", table);
        } else {
            maria.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, n INT, d DATE, ts DATETIME(6), tz DATETIME(6), a TEXT, b VARCHAR(10))");
            copy(pg, "SELECT * FROM " + table, maria, "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?)");
            t = table;
            target = mariaTable(table);
        }
        EmbeddedDatabase db = kind.equals("postgres") ? pg : maria;
        String ts = "'1969-12-31 23:59:59.999998'";
        db.execute("UPDATE " + t + " SET a = NULL WHERE id = 3",
                "UPDATE " + t + " SET a = 'x', b = '|y' WHERE id = 4",
                "UPDATE " + t + " SET a = 'x', b = NULL WHERE id = 5",
                "UPDATE " + t + " SET n = 0, a = 'é', b = '|x' WHERE id = 6",
                "UPDATE " + t + " SET ts = " + ts + " WHERE id = 7",
                "UPDATE " + t + " SET ts = " + ts + " WHERE id = 8",
                "UPDATE " + t + " SET d = '1900-03-01' WHERE id = 9",
                "UPDATE " + t + " SET tz = '9999-12-31 23:59:59.999998' WHERE id = 10");

        // one key per range: only the row hash tells which rows differ
        Report r = verify(pgTable("public", table), target, Verifier.Options.defaults().withBuckets(16, 2, 1));

        assertThat(summary(r)).containsExactlyInAnyOrder("DIFFERENT id=3 [a]", "DIFFERENT id=4 [a, b]", "DIFFERENT id=5 [a, b]",
                "DIFFERENT id=6 [n, a, b]", "DIFFERENT id=7 [ts]", "DIFFERENT id=8 [ts]", "DIFFERENT id=9 [d]",
                "DIFFERENT id=10 [tz]");
        assertThat(r.sourceRows()).isEqualTo(10);
    }

    @Test
    void hostileIdentifiers() throws Exception {
        pg.execute("CREATE SCHEMA \"we\"\"ird.schema\"",
                "CREATE TABLE \"we\"\"ird.schema\".\"tab`le; DROP TABLE x\" (\"k\"\"ey\" text PRIMARY KEY, \"va`l ue\" int, \"select\" text)",
                "INSERT INTO \"we\"\"ird.schema\".\"tab`le; DROP TABLE x\" SELECT 'k' || i, i, 's' FROM generate_series(1, 50) i");
        maria.execute("CREATE TABLE `tab``le; DROP TABLE x` (`k\"ey` VARCHAR(10) PRIMARY KEY, `va``l ue` INT, `select` TEXT)");
        copy(pg, "SELECT * FROM \"we\"\"ird.schema\".\"tab`le; DROP TABLE x\"", maria, "INSERT INTO `tab``le; DROP TABLE x` VALUES (?, ?, ?)");
        maria.execute("UPDATE `tab``le; DROP TABLE x` SET `va``l ue` = -1 WHERE `k\"ey` = 'k9'");

        TableRef source = pgTable("we\"ird.schema", "tab`le; DROP TABLE x");
        assertThat(TableRef.parseName("\"we\"\"ird.schema\".\"tab`le; DROP TABLE x\"")).isEqualTo(source.name());
        Report r = verify(source, mariaTable("tab`le; DROP TABLE x"), Verifier.Options.defaults());

        assertThat(summary(r)).containsExactly("DIFFERENT k\"ey=k9 [va`l ue]");
    }

    @Test
    void aTableWrittenWhileItIsVerifiedShowsOnlyTheRealDifference() throws Exception {
        TableRef source = sourceCustomers("busy_s", 20000);
        TableRef target = customers("mariadb", "busy_s", "busy_t", 20000);
        maria.execute("UPDATE busy_t SET note = 'planted' WHERE id = 19999");
        AtomicBoolean stop = new AtomicBoolean();
        // a pipeline's stand-in: each change reaches the target 300 ms after the source
        Thread writer = new Thread(() -> {
            try (Connection s = pg.connect(); Connection t = maria.connect()) {
                for (int id = 1; !stop.get() && id < 19000; id += 7) {
                    s.createStatement().execute("UPDATE busy_s SET name = 'renamed' WHERE id = " + id);
                    Thread.sleep(300);
                    t.createStatement().execute("UPDATE busy_t SET name = 'renamed' WHERE id = " + id);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        Report r;
        try {
            Thread.sleep(1000);
            r = verify(source, target, Verifier.Options.defaults().withSettle(Settle.waiting(Duration.ofSeconds(2))));
        } finally {
            stop.set(true);
            writer.join();
        }

        assertThat(summary(r)).containsExactly("DIFFERENT id=19999 [note]");
        assertThat(r.parts()).anySatisfy(p -> assertThat(p.what()).startsWith("recheck 1 of "));
        assertThat(r.parts()).allSatisfy(p -> assertThat(p.position()).startsWith("LSN "));
    }

    @Test
    void softDeletesAndIgnoredDeletesAreUnderstood() throws Exception {
        TableRef source = sourceCustomers("soft_s", 100);
        TableRef target = customers("mariadb", "soft_s", "soft_t", 100);
        maria.execute("ALTER TABLE soft_t ADD COLUMN __deleted BOOLEAN",
                "INSERT INTO soft_t (id, name, __deleted) VALUES (200, 'deleted at the source', TRUE)",
                "INSERT INTO soft_t (id, name) VALUES (201, 'deletes ignored')");
        try (Verifier v = Verifier.open(source, target)) {
            Report soft = v.verify(v.byName(Optional.empty(), Optional.of("__deleted"), false, Optional.empty()), Verifier.Options.defaults());
            assertThat(summary(soft)).containsExactly("EXTRA id=201");
            Report ignored = v.verify(v.byName(Optional.empty(), Optional.of("__deleted"), true, Optional.empty()), Verifier.Options.defaults());
            assertThat(ignored.equal()).isTrue();
            assertThat(ignored.ignoredExtras()).isEqualTo(1);
        }
    }

    @Test
    void repairRewritesTheDifferingRowsAndTheVersionGuardHolds() throws Exception {
        TableRef source = sourceCustomers("fix_s", 500);
        TableRef target = customers("mariadb", "fix_s", "fix_t", 500);
        maria.execute("DELETE FROM fix_t WHERE id = 3",
                "INSERT INTO fix_t (id, name) VALUES (900, 'only in target')",
                "UPDATE fix_t SET price = 0, note = NULL WHERE id = 4",
                // a newer version in the target than in the source: the guard keeps it
                "UPDATE fix_t SET name = 'newer', seen = seen + INTERVAL 1 DAY WHERE id = 5");

        try (Verifier v = Verifier.open(source, target)) {
            Mapping mapping = v.byName(Optional.empty(), Optional.empty(), false, Optional.of("seen"));
            Report before = v.verify(mapping, Verifier.Options.defaults());
            assertThat(summary(before)).containsExactlyInAnyOrder("MISSING id=3", "EXTRA id=900", "DIFFERENT id=4 [price, note]",
                    "DIFFERENT id=5 [name, seen]");

            Repair.Result result = Repair.run(v, mapping, before.listed());
            assertThat(result.deleted()).isEqualTo(1);

            Report after = v.verify(mapping, Verifier.Options.defaults());
            assertThat(summary(after)).containsExactly("DIFFERENT id=5 [name, seen]");
        }
        try (Connection c = maria.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT name FROM fix_t WHERE id = 5")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("newer");
        }
    }

    @Test
    void repairOfASoftDeletingTargetFlagsExtraRowsAndRevivesFlaggedOnes() throws Exception {
        TableRef source = sourceCustomers("softfix_s", 50);
        TableRef target = customers("mariadb", "softfix_s", "softfix_t", 50);
        maria.execute("ALTER TABLE softfix_t ADD COLUMN __deleted BOOLEAN",
                "UPDATE softfix_t SET __deleted = TRUE WHERE id = 7",
                "INSERT INTO softfix_t (id, name, __deleted) VALUES (60, 'deleted at the source, not here', FALSE)");

        try (Verifier v = Verifier.open(source, target)) {
            Mapping mapping = v.byName(Optional.empty(), Optional.of("__deleted"), false, Optional.empty());
            Report before = v.verify(mapping, Verifier.Options.defaults());
            assertThat(summary(before)).containsExactlyInAnyOrder("MISSING id=7", "EXTRA id=60");

            Repair.Result result = Repair.run(v, mapping, before.listed());
            assertThat(result.deleted()).isEqualTo(1);
            assertThat(v.verify(mapping, Verifier.Options.defaults()).equal()).isTrue();
        }
        try (Connection c = maria.connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT id, __deleted FROM softfix_t WHERE id IN (7, 60) ORDER BY id")) {
            rs.next();
            assertThat(rs.getBoolean(2)).as("id 7 revived").isFalse();
            rs.next();
            assertThat(rs.getBoolean(2)).as("id 60 flagged, not deleted").isTrue();
        }
    }

    // ---- helpers

    private static Report verify(TableRef source, TableRef target, Verifier.Options options) throws Exception {
        try (Verifier v = Verifier.open(source, target)) {
            return v.verify(v.byName(Optional.empty(), Optional.empty(), false, Optional.empty()), options);
        }
    }

    private static List<String> summary(Report r) {
        List<String> lines = new ArrayList<>();
        for (Mismatch m : r.listed()) lines.add(m.kind() + " " + m.keyText() + (m.columns().isEmpty() ? "" : " " + m.columns()));
        return lines;
    }

    /** A source table of n customers with every type and some NULLs. */
    private static TableRef sourceCustomers(String name, int n) {
        pg.execute("CREATE TABLE " + name + " (" + PG_COLUMNS + ")",
                "INSERT INTO " + name + " SELECT i, 'customer ' || i || CASE WHEN i % 10 = 0 THEN ' é' ELSE '' END, "
                        + "(i * 1.25)::numeric(10,2), i / 3.0, i % 2 = 0, date '2000-01-01' + i, "
                        + "timestamp '2024-01-01 00:00:00' + i * interval '1.5 second', "
                        + "timestamptz '2024-06-01 12:00:00+02' + i * interval '1 millisecond', "
                        + "CASE WHEN i % 3 = 0 THEN NULL ELSE 'note ' || i END FROM generate_series(1, " + n + ") i");
        return pgTable("public", name);
    }

    /** A copy of the source table, in PostgreSQL's schema "target" or in MariaDB. */
    private static TableRef customers(String kind, String sourceName, String name, int n) throws SQLException {
        String from = "SELECT id, " + String.join(", ", VALUE_COLUMNS) + " FROM " + sourceName;
        String values = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
        if (kind.equals("postgres")) {
            pg.execute("CREATE SCHEMA IF NOT EXISTS target", "CREATE TABLE target." + name + " (" + PG_COLUMNS + ")",
                    "INSERT INTO target." + name + " " + from);
            return pgTable("target", name);
        }
        maria.execute("CREATE TABLE " + name + " (" + MARIA_COLUMNS + ")");
        copy(pg, from, maria, "INSERT INTO " + name + " VALUES " + values);
        return mariaTable(name);
    }

    private static void copy(EmbeddedDatabase from, String query, EmbeddedDatabase to, String insert) throws SQLException {
        try (Connection f = from.connect(); Connection t = to.connect(); Statement q = f.createStatement()) {
            q.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = q.executeQuery(query); PreparedStatement ps = t.prepareStatement(insert)) {
                int n = rs.getMetaData().getColumnCount();
                t.createStatement().execute("SET time_zone = '+00:00'");
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof java.sql.Timestamp && rs.getMetaData().getColumnTypeName(i).equals("timestamptz")) {
                            v = rs.getObject(i, java.time.OffsetDateTime.class).withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
                        } else if (v instanceof java.sql.Timestamp) {
                            v = rs.getObject(i, java.time.LocalDateTime.class);
                        }
                        ps.setObject(i, v);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static TableRef pgTable(String schema, String table) {
        return new TableRef(pg.jdbcUrl(), pg.user(), pg.password(), List.of(schema, table));
    }

    private static TableRef mariaTable(String table) {
        return new TableRef(maria.jdbcUrl(), maria.user(), maria.password(), List.of(table));
    }
}
