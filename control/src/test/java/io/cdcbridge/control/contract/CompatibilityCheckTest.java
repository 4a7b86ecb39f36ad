package io.cdcbridge.control.contract;

import static io.cdcbridge.control.contract.Shapes.version;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every mode, both directions and both scopes, on the changes a contract sees: what Avro allows and how it is told. */
class CompatibilityCheckTest {

    private static final String[] BASE = {"id INT NOT NULL", "code STRING NOT NULL", "name STRING", "amount INT NOT NULL"};

    /** A change to BASE, and whether new readers can read old data (backward) and old readers new data (forward). */
    private record Change(String what, boolean backward, boolean forward, String... columns) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final List<Change> CHANGES = List.of(
            new Change("add optional field", true, true, with("note STRING")),
            new Change("add required field", false, true, with("region STRING NOT NULL")),
            new Change("drop optional field", true, true, without("name")),
            new Change("drop required field", true, false, without("code")),
            new Change("int -> long (Avro promotion)", true, false, replace("amount INT NOT NULL", "amount BIGINT NOT NULL")),
            new Change("long -> int", false, true, replace("amount INT NOT NULL", "amount BIGINT NOT NULL")),
            new Change("rename optional field", true, true, replace("name STRING", "full_name STRING")),
            new Change("rename required field", false, false, replace("code STRING NOT NULL", "code2 STRING NOT NULL")),
            new Change("make optional field required", false, true, replace("name STRING", "name STRING NOT NULL")),
            new Change("make required field optional", true, false, replace("code STRING NOT NULL", "code STRING")));

    static Stream<Arguments> everyModeAndChange() {
        return Arrays.stream(Compatibility.values()).flatMap(m -> CHANGES.stream().map(c -> Arguments.of(m, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyModeAndChange")
    void aChangeIsAcceptedExactlyWhenItsDirectionAllowsIt(Compatibility mode, Change change) {
        // "long -> int" starts from a long column: the history has BIGINT, the change goes back to INT
        List<ContractVersion> history = change.what().equals("long -> int")
                ? List.of(version(1, change.columns())) : List.of(version(1, BASE));
        String[] next = change.what().equals("long -> int") ? BASE : change.columns();
        boolean expected = switch (mode) {
            case NONE -> true;
            case BACKWARD, BACKWARD_TRANSITIVE -> change.backward();
            case FORWARD, FORWARD_TRANSITIVE -> change.forward();
            case FULL, FULL_TRANSITIVE -> change.backward() && change.forward();
        };
        Optional<String> problem = CompatibilityCheck.problem("t", mode, history, version(2, next), List.of(change.what()));
        assertThat(problem.isEmpty()).as(problem.orElse("compatible")).isEqualTo(expected);
        problem.ifPresent(p -> assertThat(p).startsWith("t: " + change.what() + " breaks " + mode + " compatibility with version 1: "));
    }

    @Test
    void backwardTransitiveChecksEveryVersionWhereBackwardChecksOnlyTheLatest() {
        List<ContractVersion> history = List.of(
                version(1, "id INT NOT NULL", "a INT NOT NULL"),
                version(2, "id INT NOT NULL", "a INT NOT NULL", "b STRING"),
                version(3, "id INT NOT NULL", "b STRING"));
        ContractVersion next = version(4, "id INT NOT NULL", "a STRING", "b STRING");
        List<String> change = List.of("column 'a' STRING added");

        assertThat(CompatibilityCheck.problem("orders", Compatibility.BACKWARD, history, next, change)).isEmpty();
        assertThat(CompatibilityCheck.problem("orders", Compatibility.BACKWARD_TRANSITIVE, history, next, change)).contains(
                "orders: column 'a' STRING added breaks BACKWARD_TRANSITIVE compatibility with versions 1-2: "
                        + "a reader of the new schema cannot read data written with version 1: "
                        + "field 'a' is INT in that data, which STRING in the new schema cannot hold");
    }

    @Test
    void forwardTransitiveChecksEveryVersionWhereForwardChecksOnlyTheLatest() {
        List<ContractVersion> history = List.of(
                version(1, "id INT NOT NULL", "email STRING NOT NULL"),
                version(2, "id INT NOT NULL", "email STRING"),
                version(3, "id INT NOT NULL", "email STRING", "zip STRING"));
        ContractVersion next = version(4, "id INT NOT NULL", "zip STRING");
        List<String> change = List.of("column 'email' dropped");

        assertThat(CompatibilityCheck.problem("customers_public", Compatibility.FORWARD, history, next, change)).isEmpty();
        assertThat(CompatibilityCheck.problem("customers_public", Compatibility.FULL, history, next, change)).isEmpty();
        String expected = "customers_public: column 'email' dropped breaks %s compatibility with version 1: "
                + "a reader of version 1 cannot read data written with the new schema: "
                + "that data has no field 'email', and version 1 gives it no default (it is NOT NULL)";
        assertThat(CompatibilityCheck.problem("customers_public", Compatibility.FORWARD_TRANSITIVE, history, next, change))
                .contains(expected.formatted("FORWARD_TRANSITIVE"));
        assertThat(CompatibilityCheck.problem("customers_public", Compatibility.FULL_TRANSITIVE, history, next, change))
                .contains(expected.formatted("FULL_TRANSITIVE"));
    }

    @Test
    void fullNamesBothDirectionsWhenBothBreak() {
        List<ContractVersion> history = List.of(version(1, "id INT NOT NULL", "code STRING NOT NULL"));
        ContractVersion next = version(2, "id INT NOT NULL", "code2 STRING NOT NULL");
        assertThat(CompatibilityCheck.problem("t", Compatibility.FULL, history, next, List.of("rename"))).contains(
                "t: rename breaks FULL compatibility with version 1: "
                        + "a reader of the new schema cannot read data written with version 1: "
                        + "that data has no field 'code2', and the new schema gives it no default (it is NOT NULL); "
                        + "and a reader of version 1 cannot read data written with the new schema: "
                        + "that data has no field 'code', and version 1 gives it no default (it is NOT NULL)");
    }

    @Test
    void aChangedPrimaryKeyIsCheckedAsTheKeySchema() {
        ContractVersion v1 = withKey(version(1, "id INT NOT NULL", "region STRING NOT NULL", "amount INT"), "id");
        ContractVersion sameKey = withKey(version(2, "id INT NOT NULL", "region STRING NOT NULL", "amount INT", "note STRING"), "id");
        ContractVersion widerKey = withKey(version(2, "id INT NOT NULL", "region STRING NOT NULL", "amount INT"), "id", "region");
        assertThat(CompatibilityCheck.problem("t", Compatibility.FULL, List.of(v1), sameKey, List.of("x"))).isEmpty();
        assertThat(CompatibilityCheck.problem("t", Compatibility.FORWARD, List.of(v1), widerKey, List.of("x"))).isEmpty();
        assertThat(CompatibilityCheck.problem("t", Compatibility.BACKWARD, List.of(v1), widerKey,
                List.of("primary key (id) -> (id, region)"))).contains(
                "t: primary key (id) -> (id, region) breaks BACKWARD compatibility with version 1: "
                        + "a reader of the new schema cannot read keys written with version 1: "
                        + "that key has no field 'region', and the new schema gives it no default (it is NOT NULL)");
    }

    private static ContractVersion withKey(ContractVersion v, String... key) {
        return new ContractVersion(v.version(), v.columns(), List.of(key), v.avroSchema(), v.change(), v.origin(), v.at());
    }

    @Test
    void nullabilityIsToldInWords() {
        List<ContractVersion> history = List.of(version(1, "id INT NOT NULL", "name STRING"));
        ContractVersion next = version(2, "id INT NOT NULL", "name STRING NOT NULL");
        assertThat(CompatibilityCheck.problem("t", Compatibility.BACKWARD, history, next, List.of("x")).orElseThrow())
                .endsWith("field 'name' may be null in that data, but it is NOT NULL in the new schema");
    }

    @Test
    void versionRangesAreShort() {
        assertThat(CompatibilityCheck.versions(List.of(2))).isEqualTo("version 2");
        assertThat(CompatibilityCheck.versions(List.of(1, 2, 3))).isEqualTo("versions 1-3");
        assertThat(CompatibilityCheck.versions(List.of(1, 2, 4, 6, 7))).isEqualTo("versions 1-2, 4, 6-7");
    }

    private static String[] with(String column) {
        List<String> cols = new ArrayList<>(List.of(BASE));
        cols.add(column);
        return cols.toArray(String[]::new);
    }

    private static String[] without(String name) {
        return Arrays.stream(BASE).filter(c -> !c.startsWith(name + " ")).toArray(String[]::new);
    }

    private static String[] replace(String from, String to) {
        return Arrays.stream(BASE).map(c -> c.equals(from) ? to : c).toArray(String[]::new);
    }
}
