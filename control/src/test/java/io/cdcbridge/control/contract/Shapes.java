package io.cdcbridge.control.contract;

import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Table shapes and contract versions for tests, written as SQL columns, e.g. {@code "id INT NOT NULL", "name STRING"}. */
final class Shapes {

    private Shapes() {}

    /** A table with the given connector options and columns, its Avro schema as the engine writes it. */
    static TableShape table(String name, Map<String, String> options, String... columns) {
        List<TableShape.Column> cols = new ArrayList<>();
        StringBuilder fields = new StringBuilder();
        for (String spec : columns) {
            String[] words = spec.split(" ", 2);
            boolean nullable = !words[1].endsWith(" NOT NULL");
            String type = words[1].replace(" NOT NULL", "");
            cols.add(new TableShape.Column(words[0], type, nullable, true));
            String avro = switch (type) {
                case "INT" -> "\"int\"";
                case "BIGINT" -> "\"long\"";
                case "STRING" -> "\"string\"";
                default -> throw new IllegalArgumentException(type);
            };
            if (fields.length() > 0) fields.append(',');
            fields.append("{\"name\":\"").append(words[0]).append("\",\"type\":")
                    .append(nullable ? "[\"null\"," + avro + "],\"default\":null" : avro).append('}');
        }
        String schema = "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[" + fields + "]}";
        return new TableShape(name, options, cols, List.of(), null, null, schema, null);
    }

    /** An upsert-kafka table with those columns. */
    static TableShape topic(String name, String... columns) {
        return table(name, Map.of("connector", "upsert-kafka"), columns);
    }

    /** The same with a contract option. */
    static TableShape topic(String name, Compatibility mode, String... columns) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "upsert-kafka");
        options.put(Compatibility.OPTION, mode.name());
        return table(name, options, columns);
    }

    /** Version {@code n} of table {@code t} with those columns. */
    static ContractVersion version(int n, String... columns) {
        TableShape s = topic("t", columns);
        return new ContractVersion(n, s.columns(), List.of(), s.avroSchema(), "(test)", "test:" + n, java.time.Instant.EPOCH);
    }
}
