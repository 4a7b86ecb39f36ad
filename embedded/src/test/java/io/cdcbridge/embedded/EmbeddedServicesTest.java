package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class EmbeddedServicesTest {

    @Test
    void exposesTheAddressesOfWhatItStartedAsScriptVariables() throws Exception {
        EmbeddedServices services = EmbeddedServices.start(" Postgres , kafka,MariaDB");
        try {
            Map<String, String> v = services.variables();
            assertThat(v).containsOnlyKeys("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD",
                    "POSTGRES_DATABASE", "MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD", "MYSQL_DATABASE",
                    "KAFKA_BOOTSTRAP_SERVERS");
            String url = "jdbc:postgresql://" + v.get("POSTGRES_HOST") + ":" + v.get("POSTGRES_PORT") + "/" + v.get("POSTGRES_DATABASE");
            try (Connection c = DriverManager.getConnection(url, v.get("POSTGRES_USER"), v.get("POSTGRES_PASSWORD"))) {
                assertThat(c.isValid(5)).isTrue();
            }
            String mysql = "jdbc:mariadb://" + v.get("MYSQL_HOST") + ":" + v.get("MYSQL_PORT") + "/" + v.get("MYSQL_DATABASE");
            try (Connection c = DriverManager.getConnection(mysql, v.get("MYSQL_USER"), v.get("MYSQL_PASSWORD"))) {
                assertThat(c.isValid(5)).isTrue();
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", v.get("KAFKA_BOOTSTRAP_SERVERS")))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
            assertThat(services.postgres().port()).isEqualTo(Integer.parseInt(v.get("POSTGRES_PORT")));
            assertThat(services.kafka().bootstrapServers()).isEqualTo(v.get("KAFKA_BOOTSTRAP_SERVERS"));
        } finally {
            services.close();
        }
        assertThat(EmbeddedPostgresTest.accepts(services.postgres().port())).isFalse();
        assertThat(services.postgres().directory()).doesNotExist();
        assertThat(EmbeddedPostgresTest.accepts(services.mariadb().port())).isFalse();
        assertThat(services.mariadb().directory()).doesNotExist();
        assertThat(services.kafka().directory()).doesNotExist();
    }

    @Test
    void refusesUnknownNamesAndSaysWhichAreKnown() {
        assertThatThrownBy(() -> EmbeddedServices.start("postgres,redis"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown embedded service redis; known: postgres, mariadb, kafka");
        assertThatThrownBy(() -> EmbeddedServices.parse("mysql, redis"))
                .hasMessage("unknown embedded services mysql, redis; known: postgres, mariadb, kafka");
        assertThat(EmbeddedServices.parse("KAFKA,, postgres,kafka")).containsExactly("kafka", "postgres");
    }

    @Test
    void anEmptyListStartsNothingAndSaysSoWhenAskedForAService() {
        try (EmbeddedServices none = EmbeddedServices.start("")) {
            assertThat(none.variables()).isEmpty();
            assertThat(none.hasPostgres()).isFalse();
            assertThat(none.hasKafka()).isFalse();
            assertThat(none.hasMariaDb()).isFalse();
            assertThatThrownBy(none::postgres).isInstanceOf(IllegalStateException.class).hasMessageContaining("postgres");
            assertThatThrownBy(none::mariadb).isInstanceOf(IllegalStateException.class).hasMessageContaining("mariadb");
            assertThatThrownBy(none::kafka).isInstanceOf(IllegalStateException.class).hasMessageContaining("kafka");
        }
        assertThat(EmbeddedServices.KNOWN).isEqualTo(List.of("postgres", "mariadb", "kafka"));
    }
}
