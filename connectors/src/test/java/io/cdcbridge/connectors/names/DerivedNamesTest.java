package io.cdcbridge.connectors.names;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.postgres.PostgresSourceOptions;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DerivedNamesTest {

    @Test
    void topicsKeepWhatKafkaTakesAndTurnTheRestIntoUnderscoresAsDebeziumDoes() {
        assertThat(DerivedNames.topic("shop.My Schema.Order Lines")).isEqualTo("shop.My_Schema.Order_Lines");
        assertThat(DerivedNames.topic("shop.public.ünï-1_x")).isEqualTo("shop.public._n_-1_x");
        assertThat(DerivedNames.topic("a/b\\c:d\"e")).isEqualTo("a_b_c_d_e");
        assertThat(DerivedNames.topic(".")).isEqualTo("_");
        assertThat(DerivedNames.topic("..")).isEqualTo("__");
        assertThat(DerivedNames.topic("x".repeat(300))).isEqualTo("x".repeat(249));
    }

    @Test
    void avroNamesAreLettersDigitsAndUnderscoresWithALeadingDigitKeptBehindAnUnderscore() {
        assertThat(DerivedNames.avroName("Mixed Case")).isEqualTo("Mixed_Case");
        assertThat(DerivedNames.avroName("from")).isEqualTo("from");
        assertThat(DerivedNames.avroName("a b")).isEqualTo("a_b");
        assertThat(DerivedNames.avroName("ünï")).isEqualTo("_n_");
        assertThat(DerivedNames.avroName("3d-view")).isEqualTo("_3d_view");
        assertThat(DerivedNames.avroName("")).isEqualTo("_");
        assertThat(DerivedNames.avroFullName("my-src.My Schema.1st.Value")).isEqualTo("my_src.My_Schema._1st.Value");
    }

    @Test
    void aDerivedPostgresNameIsCutToTheBytesPostgresKeepsNeverInsideACharacter() {
        String slot = "s".repeat(52) + "ü"; // 54 bytes: cdcbridge_ makes 64
        String publication = PostgresSourceOptions.publication(slot, Optional.empty());
        assertThat(publication).isEqualTo("cdcbridge_" + "s".repeat(52));
        assertThat(publication.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(PostgresSourceOptions.publication("orders", Optional.empty())).isEqualTo("cdcbridge_orders");
        assertThat(PostgresSourceOptions.publication("orders", Optional.of("mine"))).isEqualTo("mine");
    }
}
