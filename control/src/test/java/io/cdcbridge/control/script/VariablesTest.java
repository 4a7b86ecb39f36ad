package io.cdcbridge.control.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariablesTest {

    @Test
    void resolvesByPrecedenceAndNamesTheMissingOne() {
        VariableSource vars = VariableSource.of(List.of(Map.of("HOST", "request"), Map.of("HOST", "server", "PORT", "5432")),
                name -> name.equals("savepoint:v1") ? Optional.of("/sp/1") : Optional.empty());
        assertThat(vars.resolve("'${HOST}:${PORT}' '${savepoint:v1}'")).isEqualTo("'request:5432' '/sp/1'");
        assertThat(Variables.referenced("${A} ${B} ${A}")).containsExactly("A", "B");
        assertThatThrownBy(() -> vars.resolve("${NOPE}"))
                .isInstanceOf(Variables.UnknownVariableException.class)
                .hasMessageContaining("${NOPE}");
    }

    @Test
    void valuesWithDollarSignsAreNotInterpreted() {
        VariableSource vars = VariableSource.of(List.of(Map.of("PASSWORD", "a$1\\b")), n -> Optional.empty());
        assertThat(vars.resolve("'${PASSWORD}'")).isEqualTo("'a$1\\b'");
        assertThat(vars.secrets()).containsExactly("a$1\\b");
    }

    @Test
    void aSecretEqualToAnOpenValueIsNotMaskedByValue() {
        // the embedded PostgreSQL's password was its database's name: masking it garbled "database 'postgres'"
        VariableSource vars = VariableSource.of(List.of(Map.of("POSTGRES_PASSWORD", "postgres",
                "POSTGRES_DATABASE", "postgres", "CDC_PASSWORD", "Xy-9", "PW2", "z2z2")), n -> Optional.empty())
                .withSecretNames(Set.of("PW2"));
        assertThat(vars.secrets()).containsExactlyInAnyOrder("Xy-9", "z2z2");
    }
}
