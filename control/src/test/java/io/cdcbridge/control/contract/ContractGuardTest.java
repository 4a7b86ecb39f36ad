package io.cdcbridge.control.contract;

import static io.cdcbridge.control.contract.Shapes.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.engine.ConnectorCatalog;
import io.cdcbridge.control.engine.EngineSession;
import io.cdcbridge.control.engine.TestConnectors;
import io.cdcbridge.control.engine.QueryPlan;
import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the guard follows a script: first versions, new versions, mode changes, refusals, and what is not a contract. */
class ContractGuardTest {

    private static final ConnectorCatalog CONNECTORS = TestConnectors.TYPICAL;

    /** The catalog side of the engine port, as a script changes it step by step. */
    private static final class Catalog implements EngineSession {
        final Map<String, TableShape> tables = new LinkedHashMap<>();

        Catalog with(TableShape t) {
            tables.put(t.name(), t);
            return this;
        }

        @Override
        public void applyDefinition(String ddl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public QueryPlan validate(String statement, Map<String, String> properties) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TableShape.Column> queryShape(String query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> tables() {
            return new ArrayList<>(tables.keySet());
        }

        @Override
        public Optional<TableShape> table(String name) {
            return Optional.ofNullable(tables.get(name));
        }

        @Override
        public void close() {}
    }

    @Test
    void versionsEachSchemaChangeAndOnlyThose() throws Exception {
        Catalog catalog = new Catalog().with(Shapes.table("src", Map.of("connector", "datagen"), "id INT"));
        ContractGuard guard = new ContractGuard(List.of(), catalog, CONNECTORS, true);

        catalog.with(topic("orders", "id INT NOT NULL", "amount INT"));
        List<Contract> created = guard.observe(catalog, "CREATE TABLE orders ...", "a.sql:1").changed();
        assertThat(created).singleElement().satisfies(c -> {
            assertThat(c.compatibility()).isEqualTo(Compatibility.BACKWARD);
            assertThat(c.latest().version()).isEqualTo(1);
            assertThat(c.latest().change()).isEqualTo("CREATE TABLE orders ...");
        });

        assertThat(guard.observe(catalog, "INSERT INTO orders ...", "a.sql:2").changed()).isEmpty();

        catalog.with(topic("orders", "id INT NOT NULL", "amount INT", "note STRING"));
        ContractGuard.Observed observed = guard.observe(catalog, "ALTER TABLE orders ADD note STRING", "a.sql:3");
        List<Contract> v2 = observed.changed();
        assertThat(observed.summary()).isEqualTo("orders: version 2 (column 'note' STRING added), BACKWARD compatible");
        assertThat(v2).singleElement().satisfies(c -> assertThat(c.versions()).extracting(ContractVersion::version).containsExactly(1, 2));
        assertThat(guard.effects()).extracting(ContractEffect::summary).containsExactly(
                "orders: new contract, version 1 (BACKWARD)",
                "orders: version 2 (column 'note' STRING added), BACKWARD compatible");
    }

    @Test
    void refusesAnIncompatibleChangeWhenStrictAndReportsItOtherwise() throws Exception {
        Contract stored = new ContractGuard(List.of(), new Catalog(), CONNECTORS, true)
                .observe(new Catalog().with(topic("orders", "id INT NOT NULL", "amount INT")), "CREATE", "a.sql:1").changed().get(0);
        Catalog altered = new Catalog().with(topic("orders", "id INT NOT NULL", "amount INT", "region STRING NOT NULL"));

        Catalog before = new Catalog().with(topic("orders", "id INT NOT NULL", "amount INT"));
        ContractGuard strict = new ContractGuard(List.of(stored), before, CONNECTORS, true);
        assertThatThrownBy(() -> strict.observe(altered, "ALTER TABLE orders ADD region STRING NOT NULL", "b.sql:1"))
                .isInstanceOf(ContractException.class)
                .hasMessage("orders: column 'region' STRING NOT NULL added breaks BACKWARD compatibility with version 1: "
                        + "a reader of the new schema cannot read data written with version 1: "
                        + "that data has no field 'region', and the new schema gives it no default (it is NOT NULL)");

        ContractGuard report = new ContractGuard(List.of(stored), before, CONNECTORS, false);
        assertThat(report.observe(altered, "ALTER", "b.sql:1").changed()).isEmpty();
        assertThat(report.observe(altered, "INSERT", "b.sql:2").changed()).isEmpty();
        assertThat(report.effects()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(ContractEffect.Outcome.REFUSED);
            assertThat(e.version()).isEqualTo(2);
            assertThat(e.origin()).isEqualTo("b.sql:1");
        });
    }

    @Test
    void theModeComesFromTheTableOptionAndAppliesToTheNextChange() throws Exception {
        Catalog catalog = new Catalog();
        ContractGuard guard = new ContractGuard(List.of(), catalog, CONNECTORS, true);
        catalog.with(topic("orders", Compatibility.FORWARD, "id INT NOT NULL", "code STRING NOT NULL"));
        assertThat(guard.observe(catalog, "CREATE", "a.sql:1").changed().get(0).compatibility()).isEqualTo(Compatibility.FORWARD);

        catalog.with(topic("orders", Compatibility.NONE, "id INT NOT NULL", "code STRING NOT NULL"));
        guard.observe(catalog, "ALTER TABLE orders SET ('contract.compatibility' = 'NONE')", "a.sql:2");
        catalog.with(topic("orders", Compatibility.NONE, "id INT NOT NULL"));
        assertThat(guard.observe(catalog, "ALTER TABLE orders DROP code", "a.sql:3").changed().get(0).latest().version()).isEqualTo(2);
        assertThat(guard.effects()).extracting(ContractEffect::outcome).containsExactly(ContractEffect.Outcome.CREATED,
                ContractEffect.Outcome.MODE_CHANGED, ContractEffect.Outcome.NEW_VERSION);
    }

    @Test
    void aWrongModeOrAnUnknownContractOptionIsNamed() throws Exception {
        Catalog catalog = new Catalog();
        ContractGuard guard = new ContractGuard(List.of(), catalog, CONNECTORS, false);
        catalog.with(Shapes.table("orders", Map.of("connector", "kafka", Compatibility.OPTION, "SIDEWAYS"), "id INT"));
        assertThatThrownBy(() -> guard.observe(catalog, "CREATE", "a.sql:1")).isInstanceOf(ContractException.class)
                .hasMessageStartingWith("orders: 'contract.compatibility' = 'SIDEWAYS' is not a compatibility mode; use one of NONE, BACKWARD");
        catalog.with(Shapes.table("orders", Map.of("connector", "kafka", "contract.mode", "FULL"), "id INT"));
        assertThatThrownBy(() -> guard.observe(catalog, "CREATE", "a.sql:1"))
                .hasMessage("orders: unknown option 'contract.mode'; the contract options are 'contract.compatibility' and 'contract.buckets'");
    }

    @Test
    void aDroppedAndRecreatedTableIsCheckedAgainstItsHistory() throws Exception {
        Catalog catalog = new Catalog().with(topic("orders", "id INT NOT NULL", "code STRING NOT NULL"));
        ContractGuard guard = new ContractGuard(List.of(), catalog, CONNECTORS, true);
        Contract v1 = guard.baseline().get(0);
        catalog.tables.remove("orders");
        assertThat(guard.observe(catalog, "DROP TABLE orders", "a.sql:1").changed()).isEmpty();
        catalog.with(topic("orders", "id INT NOT NULL", "code STRING NOT NULL", "region STRING NOT NULL"));
        assertThatThrownBy(() -> guard.observe(catalog, "CREATE TABLE orders ...", "a.sql:2"))
                .hasMessageStartingWith("orders: column 'region' STRING NOT NULL added breaks BACKWARD compatibility with version 1");
        assertThat(v1.versions()).hasSize(1);
    }

    @Test
    void aTableIsAContractWhenItsConnectorSaysSoOrItNamesAMode() {
        assertThat(ContractGuard.isContract(topic("t", "id INT"), CONNECTORS)).isTrue();
        assertThat(ContractGuard.isContract(Shapes.table("t", Map.of("connector", "cdcbridge-jdbc"), "id INT"), CONNECTORS)).isTrue();
        assertThat(ContractGuard.isContract(Shapes.table("t", Map.of("connector", "postgres-cdc"), "id INT"), CONNECTORS)).isFalse();
        assertThat(ContractGuard.isContract(Shapes.table("t", Map.of("connector", "unknown-to-the-engine"), "id INT"), CONNECTORS)).isFalse();
        assertThat(ContractGuard.isContract(Shapes.table("t", Map.of("connector", "blackhole", Compatibility.OPTION, "FULL"), "id INT"), CONNECTORS)).isTrue();
    }

    @Test
    void aSinkWhoseDescriptionMakesItAContractIsVersionedWithoutAnyContractOption() throws Exception {
        Catalog catalog = new Catalog();
        ConnectorCatalog publishing = TestConnectors.TYPICAL.with(TestConnectors.sink("blackhole", true));
        ContractGuard guard = new ContractGuard(List.of(), catalog, publishing, true);
        catalog.with(Shapes.table("sunk", Map.of("connector", "blackhole"), "id INT"));
        assertThat(guard.observe(catalog, "CREATE TABLE sunk ...", "a.sql:1").changed()).extracting(Contract::table)
                .containsExactly("sunk");
        ContractGuard plain = new ContractGuard(List.of(), new Catalog(), CONNECTORS, true);
        assertThat(plain.observe(catalog, "CREATE TABLE sunk ...", "a.sql:1").changed()).isEmpty();
    }

    @Test
    void aContractTableFromBeforeContractsGetsItsFirstVersionFromTheCatalog() throws Exception {
        Catalog catalog = new Catalog().with(topic("customers_public", "id INT NOT NULL", "email STRING"));
        ContractGuard guard = new ContractGuard(List.of(), catalog, CONNECTORS, true);
        assertThat(guard.baseline()).singleElement().satisfies(c -> {
            assertThat(c.latest().version()).isEqualTo(1);
            assertThat(c.latest().origin()).isEqualTo("catalog");
        });
        assertThat(guard.effects()).isEmpty();
    }
}
