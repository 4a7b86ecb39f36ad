package io.cdcbridge.connectors.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which declared target types auto-create widens to the type a Flink column maps to, in PostgreSQL's and MySQL's names. */
class TypeWideningTest {

    @Test
    void numbersWidenTextAndNarrowingsDoNot() {
        assertThat(TypeWidening.widens("integer", "bigint")).isTrue();
        assertThat(TypeWidening.widens("int(11)", "BIGINT")).isTrue();
        assertThat(TypeWidening.widens("smallint", "integer")).isTrue();
        assertThat(TypeWidening.widens("real", "double precision")).isTrue();
        assertThat(TypeWidening.widens("numeric(10,2)", "numeric(12, 2)")).isTrue();
        assertThat(TypeWidening.widens("decimal(10,2)", "DECIMAL(12, 4)")).isTrue();
        assertThat(TypeWidening.widens("numeric(10,2)", "numeric(10, 2)")).isFalse();
        assertThat(TypeWidening.widens("numeric(10,2)", "numeric(12, 1)")).isFalse();
        assertThat(TypeWidening.widens("bigint", "integer")).isFalse();
        assertThat(TypeWidening.widens("bigint(20)", "BIGINT")).isFalse();
        // a bounded text column under a STRING may be the target's own choice
        assertThat(TypeWidening.widens("character varying(50)", "text")).isFalse();
        assertThat(TypeWidening.widens("integer", "text")).isFalse();
    }
}
