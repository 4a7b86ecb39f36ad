package io.cdcbridge.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresTypesTest {

    @Test
    void scalarsNumericsAndArraysKeepTheirTypes() {
        assertThat(PostgresTypes.flinkType(23, -1)).isEqualTo("INT");
        // numeric(12,3): the modifier is ((precision << 16) | scale) + 4
        assertThat(PostgresTypes.flinkType(PostgresTypes.NUMERIC, ((12 << 16) | 3) + 4)).isEqualTo("DECIMAL(12, 3)");
        assertThat(PostgresTypes.flinkType(1009, -1)).isEqualTo("ARRAY<STRING>");
        assertThat(PostgresTypes.flinkType(1016, -1)).isEqualTo("ARRAY<BIGINT>");
    }

    @Test
    void typesReadOnlyAsTextOrWithoutOneDecimalHaveNone() {
        assertThat(PostgresTypes.flinkType(3802, -1)).as("jsonb").isNull();
        assertThat(PostgresTypes.flinkType(2950, -1)).as("uuid").isNull();
        assertThat(PostgresTypes.flinkType(PostgresTypes.NUMERIC, -1)).as("numeric without a precision").isNull();
        assertThat(PostgresTypes.flinkType(1231, -1)).as("numeric[]").isNull();
    }
}
