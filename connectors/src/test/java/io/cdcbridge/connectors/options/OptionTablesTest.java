package io.cdcbridge.connectors.options;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.avro.AvroConfluentOptions;
import io.cdcbridge.connectors.cdcjson.CdcJsonFormatFactory;
import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions;
import io.cdcbridge.connectors.jdbc.JdbcSinkOptions;
import io.cdcbridge.connectors.kafka.KafkaDlqOptions;
import io.cdcbridge.connectors.mysql.MysqlSourceOptions;
import io.cdcbridge.connectors.postgres.PostgresSourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The READMEs' option tables are the declarations: each table marked {@code <!-- options: NAME -->} lists the
 * options of that connector or format as declared, in order, with the default and the description they declare.
 */
class OptionTablesTest {

    private static final Map<String, OptionSet> DECLARED = Map.of(
            "cdcbridge-jdbc", JdbcSinkOptions.ALL,
            "cdcbridge-postgres", PostgresSourceOptions.ALL,
            "cdcbridge-mysql", MysqlSourceOptions.ALL,
            "debezium-kafka", DebeziumKafkaOptions.ALL,
            "cdcbridge-kafka", KafkaDlqOptions.ALL,
            "cdc-json", CdcJsonFormatFactory.ALL,
            "avro-confluent", AvroConfluentOptions.ALL);
    private static final List<Path> READMES = List.of(Path.of("README.md"),
            Path.of("src/main/java/io/cdcbridge/connectors/jdbc/README.md"));
    private static final Pattern MARKER = Pattern.compile("<!-- options: ([a-z-]+) -->");

    @Test
    void everyOptionTableIsWhatItsConnectorDeclares() throws IOException {
        Map<String, List<String>> tables = tables();
        assertThat(tables.keySet()).as("connectors and formats with an option table").containsExactlyInAnyOrderElementsOf(DECLARED.keySet());
        DECLARED.forEach((name, options) -> {
            List<String> declared = options.documented().stream()
                    .map(o -> "| `" + o.name() + "` | " + o.shownDefault() + " | " + o.description() + " |").toList();
            assertThat(tables.get(name)).as("the option table of %s; as declared:%n%s", name, String.join("\n", declared))
                    .containsExactlyElementsOf(declared);
            assertThat(declared).as("every option of %s has a description", name).noneMatch(row -> row.endsWith(" |  |"));
        });
    }

    // The rows of each marked table (below its header and separator), by the name in its marker.
    private static Map<String, List<String>> tables() throws IOException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (Path readme : READMES) {
            List<String> lines = Files.readAllLines(readme);
            for (int i = 0; i < lines.size(); i++) {
                Matcher marker = MARKER.matcher(lines.get(i).strip());
                if (!marker.matches()) continue;
                int row = i + 1;
                while (row < lines.size() && lines.get(row).isBlank()) row++;
                assertThat(lines.get(row)).as("%s: the header after %s", readme, lines.get(i)).isEqualTo("| option | default | what |");
                assertThat(lines.get(row + 1)).as("%s: the separator after %s", readme, lines.get(i)).isEqualTo("|---|---|---|");
                List<String> rows = new ArrayList<>();
                for (row += 2; row < lines.size() && lines.get(row).startsWith("|"); row++) rows.add(lines.get(row));
                assertThat(tables.put(marker.group(1), rows)).as("a second option table of %s", marker.group(1)).isNull();
            }
        }
        return tables;
    }
}
