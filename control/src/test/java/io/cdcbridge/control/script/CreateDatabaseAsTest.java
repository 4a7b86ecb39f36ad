package io.cdcbridge.control.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.engine.TableShape.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a CREATE DATABASE ... AS DATABASE is taken apart, expanded table by table, and taken back from what it made. */
class CreateDatabaseAsTest {

    private static final String DECLARED = """
            CREATE DATABASE IF NOT EXISTS shop_copy WITH ('connector' = 'cdcbridge-jdbc', 'url' = '${URL}')
            AS DATABASE `shop` INCLUDING TABLE 'order.*|items' EXCLUDING TABLE 'order_audit'
            WITH ('connector' = 'cdcbridge-postgres', 'hostname' = 'db', 'password' = '${PG_PASSWORD}', 'slot.name' = 'copy')""";

    private static final TableShape ITEMS = new TableShape("items", Map.of(), List.of(new Column("id", "INT", false, true),
            new Column("it's", "DECIMAL(10, 2)", true, true)), List.of("id"), null, null, null, null);

    @Test
    void aDeclarationExpandsToASourceAndATargetPerTableAndOneStatementSet() {
        CreateDatabaseAs cdas = CreateDatabaseAs.parse(DECLARED);

        assertThat(StatementKind.of(DECLARED)).isEqualTo(StatementKind.CREATE_DATABASE_AS);
        assertThat(cdas.tables().asMatchPredicate()).accepts("orders", "order_lines", "items").rejects("order_audit", "items2");
        assertThat(cdas.ddl(ITEMS).values()).containsExactly("""
                CREATE TABLE `shop_copy_items_source` (
                  `id` INT NOT NULL,
                  `it's` DECIMAL(10, 2),
                  PRIMARY KEY (`id`) NOT ENFORCED
                ) WITH (
                  'connector' = 'cdcbridge-postgres',
                  'hostname' = 'db',
                  'password' = '${PG_PASSWORD}',
                  'slot.name' = 'copy',
                  'schema-name' = 'shop',
                  'table-name' = 'items',
                  'new-tables.pattern' = '(?!(?:order_audit)$)(?:order.*|items)'
                )""", """
                CREATE TABLE `shop_copy_items` (
                  `id` INT NOT NULL,
                  `it's` DECIMAL(10, 2),
                  PRIMARY KEY (`id`) NOT ENFORCED
                ) WITH (
                  'connector' = 'cdcbridge-jdbc',
                  'url' = '${URL}',
                  'table-name' = 'shop_copy.items',
                  'auto-create' = 'true'
                )""");
        assertThat(cdas.statementSet(List.of(ITEMS))).isEqualTo("""
                EXECUTE STATEMENT SET
                BEGIN
                INSERT INTO `shop_copy_items` SELECT * FROM `shop_copy_items_source`;
                END""");
    }

    @Test
    void theDeclarationIsTakenBackFromWhatItMadeAndExpandsTheSameAgain() {
        CreateDatabaseAs cdas = CreateDatabaseAs.parse(DECLARED);
        List<String> definitions = new ArrayList<>(List.of("CREATE TABLE other (x INT) WITH ('connector' = 'datagen')"));
        definitions.addAll(cdas.ddl(ITEMS).values());

        CreateDatabaseAs back = CreateDatabaseAs.declaredBy(cdas.statementSet(List.of(ITEMS)), definitions).orElseThrow();

        assertThat(back.ifNotExists()).isTrue();
        assertThat(back.ddl(ITEMS)).isEqualTo(cdas.ddl(ITEMS));
        assertThat(CreateDatabaseAs.parse(back.sql())).isEqualTo(back);
        assertThat(CreateDatabaseAs.declaredBy("INSERT INTO t SELECT * FROM s", definitions)).isEmpty();
    }

    @Test
    void aMalformedDeclarationSaysWhatIsExpected() {
        assertThatThrownBy(() -> CreateDatabaseAs.parse(DECLARED.replace("INCLUDING TABLE", "INCLUDE TABLE")))
                .hasMessageStartingWith("expected INCLUDING ALL TABLES or INCLUDING TABLE 'pattern' after AS DATABASE shop in");
        assertThatThrownBy(() -> CreateDatabaseAs.parse(DECLARED.replace("'slot.name' = 'copy'", "'table-name' = 'x'")))
                .hasMessage("the source's 'table-name' is set per table by AS DATABASE shop and INCLUDING; leave it out of the"
                        + " source's WITH");
        assertThatThrownBy(() -> CreateDatabaseAs.parse(DECLARED.replace("'order_audit'", "'order_(audit'")))
                .hasMessageStartingWith("INCLUDING TABLE 'order.*|items' EXCLUDING TABLE 'order_(audit' is not a regular expression");
        assertThatThrownBy(() -> CreateDatabaseAs.parse(DECLARED + " PARTITIONED"))
                .hasMessageStartingWith("expected nothing after the source's WITH (...), found 'PARTITIONED'");
    }
}
