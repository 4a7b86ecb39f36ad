package io.cdcbridge.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Delete;
import io.cdcbridge.connectors.jdbc.dialect.Dialects;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import io.cdcbridge.connectors.jdbc.dialect.Upsert;
import io.cdcbridge.connectors.jdbc.dialect.mysql.MySqlDialect;
import io.cdcbridge.connectors.jdbc.dialect.postgres.PostgresDialect;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

/** The SQL each dialect renders from one model, for names that need quoting. */
class SqlRenderingTest {

    private static final Column ID = new Column("we\"ird`id", new IntType(false));
    private static final Column NAME = new Column("Name", new VarCharType(true, 20));
    private static final Column VERSION = new Column("updated at", new TimestampType(true, 3));
    private static final Table USERS = new Table(List.of("my schema", "us\"ers`"), List.of(ID, NAME, VERSION), List.of(ID.name()));
    private static final Table TOMBSTONES = USERS.sibling("tomb", List.of(ID, VERSION), List.of(ID.name()));
    private static final Upsert UPSERT = new Upsert(USERS, USERS.columns(), USERS.valueColumns(), Optional.of(VERSION), Optional.of(TOMBSTONES));

    @Test
    void postgresQuotesEveryNameAndGuardsTheUpdate() {
        PostgresDialect pg = new PostgresDialect();
        Sql upsert = pg.render(UPSERT, 3);
        assertThat(upsert.text()).isEqualTo("""
                INSERT INTO "my schema"."us""ers`" AS "t" ("we""ird`id", "Name", "updated at")
                SELECT CAST("s"."c0" AS integer), CAST("s"."c1" AS text), CAST("s"."c2" AS timestamp)
                FROM (SELECT unnest(CAST(? AS int4[])) AS "c0", unnest(CAST(? AS text[])) AS "c1", unnest(CAST(? AS timestamp[])) AS "c2") AS "s"
                WHERE NOT EXISTS (SELECT 1 FROM "my schema"."tomb" AS "tb" WHERE "tb"."we""ird`id" = CAST("s"."c0" AS integer) \
                AND "tb"."updated at" > CAST("s"."c2" AS timestamp))
                ON CONFLICT ("we""ird`id") DO UPDATE SET "Name" = EXCLUDED."Name", "updated at" = EXCLUDED."updated at"
                WHERE "t"."updated at" IS NULL OR "t"."updated at" <= EXCLUDED."updated at\"""");
        assertThat(upsert.parameters()).containsExactly(0, 1, 2);
        assertThat(upsert.binding()).isEqualTo(Sql.Binding.COLUMN_ARRAYS);
        assertThat(pg.render(new Delete(USERS, Optional.of(VERSION)), 3).text()).isEqualTo("""
                DELETE FROM "my schema"."us""ers`" AS "t"
                USING (SELECT unnest(CAST(? AS int4[])) AS "c0", unnest(CAST(? AS timestamp[])) AS "c1") AS "s"
                WHERE "t"."we""ird`id" = CAST("s"."c0" AS integer) AND ("t"."updated at" IS NULL OR "t"."updated at" <= CAST("s"."c1" AS timestamp))""");
        assertThat(pg.createTable(USERS)).isEqualTo("CREATE TABLE IF NOT EXISTS \"my schema\".\"us\"\"ers`\" (\"we\"\"ird`id\" integer NOT NULL,"
                + " \"Name\" varchar(20), \"updated at\" timestamp(3), PRIMARY KEY (\"we\"\"ird`id\"))");
        // a declared type replaces the mapped one in casts: text cast to jsonb, say
        Table declared = new Table(USERS.name(), List.of(ID, NAME.withDatabaseType("jsonb"), VERSION), USERS.primaryKey());
        assertThat(pg.render(new Upsert(declared, declared.columns(), declared.valueColumns(), Optional.empty(), Optional.empty()), 3).text())
                .contains("CAST(\"s\".\"c1\" AS jsonb)").endsWith("DO UPDATE SET \"Name\" = EXCLUDED.\"Name\", \"updated at\" = EXCLUDED.\"updated at\"");
        // dates and instants in their binary arrays, where the target column has their type (as its catalog names it)
        Table dated = new Table(USERS.name(), List.of(ID, new Column("day", new DateType()), new Column("at", new LocalZonedTimestampType(6)),
                new Column("seen", new LocalZonedTimestampType(3)).withDatabaseType("timestamp with time zone"),
                new Column("noted", new DateType()).withDatabaseType("text")), USERS.primaryKey());
        assertThat(pg.render(new Upsert(dated, dated.columns(), dated.valueColumns(), Optional.empty(), Optional.empty()), 3).text())
                .contains("unnest(CAST(? AS date[])) AS \"c1\", unnest(CAST(? AS timestamptz[])) AS \"c2\","
                        + " unnest(CAST(? AS timestamptz[])) AS \"c3\", unnest(CAST(? AS text[])) AS \"c4\"");
    }

    @Test
    void mysqlQuotesEveryNameAndAssignsTheVersionLast() {
        MySqlDialect my = new MySqlDialect();
        // the version column first in the table: its assignment must still come last
        Table versionFirst = new Table(List.of("us`ers"), List.of(ID, VERSION, NAME), List.of(ID.name()));
        Sql upsert = my.render(new Upsert(versionFirst, versionFirst.columns(), versionFirst.valueColumns(), Optional.of(VERSION), Optional.empty()), 2);
        assertThat(upsert.text()).isEqualTo("INSERT INTO `us``ers` (`we\"ird``id`, `updated at`, `Name`) VALUES (?, ?, ?), (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE"
                + " `Name` = IF(`updated at` IS NULL OR `updated at` <= VALUES(`updated at`), VALUES(`Name`), `Name`),"
                + " `updated at` = IF(`updated at` IS NULL OR `updated at` <= VALUES(`updated at`), VALUES(`updated at`), `updated at`)");
        assertThat(upsert.parameters()).containsExactly(0, 1, 2);
        assertThat(upsert.binding()).isEqualTo(Sql.Binding.ROW_GROUPS);
        // tombstones are looked up apart, each row's key and version bound, its position written
        Sql check = my.tombstoneCheck(UPSERT, 2).orElseThrow();
        assertThat(check.text()).isEqualTo("SELECT 0 FROM `my schema`.`tomb` WHERE `we\"ird``id` = ? AND `updated at` > ?"
                + " UNION ALL SELECT 1 FROM `my schema`.`tomb` WHERE `we\"ird``id` = ? AND `updated at` > ?");
        assertThat(check.parameters()).containsExactly(0, 2);
        assertThat(my.tombstoneCheck(new Upsert(USERS, USERS.columns(), USERS.valueColumns(), Optional.of(VERSION), Optional.empty()), 1)).isEmpty();
        assertThat(my.render(new Delete(USERS, Optional.of(VERSION)), 2).text()).isEqualTo("DELETE FROM `my schema`.`us\"ers```"
                + " WHERE (`we\"ird``id` = ? AND (`updated at` IS NULL OR `updated at` <= ?))"
                + " OR (`we\"ird``id` = ? AND (`updated at` IS NULL OR `updated at` <= ?))");
        assertThat(my.createTable(USERS)).isEqualTo("CREATE TABLE IF NOT EXISTS `my schema`.`us\"ers``` (`we\"ird``id` INT NOT NULL,"
                + " `Name` VARCHAR(20), `updated at` DATETIME(3), PRIMARY KEY (`we\"ird``id`))");
    }

    @Test
    void namesTheDatabaseCannotHoldAreRefused() {
        assertThatThrownBy(() -> new PostgresDialect().checkIdentifier("x".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("63 bytes");
        assertThatThrownBy(() -> new MySqlDialect().checkIdentifier("x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 characters");
        assertThatThrownBy(() -> Dialects.forUrl("jdbc:oracle:thin:@db?password=secret"))
                .hasMessageContaining("jdbc:postgresql:").hasMessageNotContaining("secret");
        assertThat(Dialects.redact("jdbc:mariadb://u:secret@db:3306/x?password=secret")).isEqualTo("jdbc:mariadb://...@db:3306/x?...");
    }
}
