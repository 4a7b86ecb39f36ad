package io.cdcbridge.bench.chaos;

import io.cdcbridge.embedded.EmbeddedDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipelines of {@code bench/run chaos}, all reading {@code chaos.items} of the source PostgreSQL, each with a
 * slot of its own, through the TCP proxies: its script, the variables it runs with, and the tables it fills.
 */
final class ChaosPipelines {

    static final List<String> NAMES = List.of("cdcbridge", "postgres-cdc", "kafka-mariadb");
    static final String TOPIC = "chaos_items";
    private static final String COLUMNS = "id BIGINT, val BIGINT, note STRING, updated_at TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED";

    /** A table a pipeline fills, in the database it is in, and the statements that fill it (all must run). */
    record Target(String pipeline, List<String> statements, EmbeddedDatabase db, String table, boolean mariadb) {}

    private final List<String> pipelines;
    private final EmbeddedDatabase source;
    private final EmbeddedDatabase target;
    private final EmbeddedDatabase mariadb;

    ChaosPipelines(List<String> pipelines, EmbeddedDatabase source, EmbeddedDatabase target, EmbeddedDatabase mariadb) {
        this.pipelines = List.copyOf(pipelines);
        this.source = source;
        this.target = target;
        this.mariadb = mariadb;
    }

    List<Target> targets() {
        List<Target> out = new ArrayList<>();
        if (pipelines.contains("cdcbridge")) out.add(new Target("cdcbridge", List.of("chaos-cdcbridge"), target, "t_cdcbridge", false));
        if (pipelines.contains("postgres-cdc")) out.add(new Target("postgres-cdc", List.of("chaos-postgres-cdc"), target, "t_postgres_cdc", false));
        if (pipelines.contains("kafka-mariadb")) {
            out.add(new Target("kafka-mariadb", List.of("chaos-to-kafka", "chaos-from-kafka"), mariadb, "t_kafka", true));
        }
        return out;
    }

    /** The databases' addresses as the pipeline sees them: through the proxies. */
    Map<String, String> variables(int sourcePort, int targetPort, int mariadbPort, String bootstrap) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("SRC_PORT", String.valueOf(sourcePort));
        v.put("SRC_USER", source.user());
        v.put("SRC_PASSWORD", source.password());
        v.put("SRC_DATABASE", source.database());
        v.put("TGT_URL", "jdbc:postgresql://127.0.0.1:" + targetPort + "/" + target.database());
        v.put("TGT_USER", target.user());
        v.put("TGT_PASSWORD", target.password());
        v.put("MDB_URL", "jdbc:mariadb://127.0.0.1:" + mariadbPort + "/" + mariadb.database());
        v.put("MDB_USER", mariadb.user());
        v.put("MDB_PASSWORD", mariadb.password());
        v.put("KAFKA", bootstrap);
        return v;
    }

    String script() {
        StringBuilder sql = new StringBuilder("SET 'table.exec.sink.upsert-materialize' = 'NONE';\n");
        if (pipelines.contains("cdcbridge")) {
            sql.append(source("src_cdcbridge", "cdcbridge-postgres", "chaos_cdcbridge", ""))
                    .append(jdbc("t_cdcbridge", "TGT"))
                    .append(insert("chaos-cdcbridge", "t_cdcbridge", "src_cdcbridge"));
        }
        if (pipelines.contains("postgres-cdc")) {
            sql.append(source("src_postgres_cdc", "postgres-cdc", "chaos_postgres_cdc", ", 'scan.incremental.snapshot.enabled' = 'true'"))
                    .append(jdbc("t_postgres_cdc", "TGT"))
                    .append(insert("chaos-postgres-cdc", "t_postgres_cdc", "src_postgres_cdc"));
        }
        if (pipelines.contains("kafka-mariadb")) {
            sql.append(source("src_kafka", "cdcbridge-postgres", "chaos_kafka", ""))
                    .append("CREATE TABLE items_topic (" + COLUMNS + ") WITH ('connector' = 'upsert-kafka', 'topic' = '" + TOPIC
                            + "', 'properties.bootstrap.servers' = '${KAFKA}', 'key.format' = 'json', 'value.format' = 'json');\n")
                    .append(insert("chaos-to-kafka", "items_topic", "src_kafka"))
                    .append(jdbc("t_kafka", "MDB"))
                    .append(insert("chaos-from-kafka", "t_kafka", "items_topic"));
        }
        return sql.toString();
    }

    private static String source(String name, String connector, String slot, String more) {
        return "CREATE TABLE " + name + " (" + COLUMNS + ") WITH ('connector' = '" + connector + "', 'hostname' = '127.0.0.1',"
                + " 'port' = '${SRC_PORT}', 'username' = '${SRC_USER}', 'password' = '${SRC_PASSWORD}',"
                + " 'database-name' = '${SRC_DATABASE}', 'schema-name' = 'chaos', 'table-name' = 'items', 'slot.name' = '" + slot
                + "', 'decoding.plugin.name' = 'pgoutput'" + more + ");\n";
    }

    private static String jdbc(String table, String prefix) {
        return "CREATE TABLE " + table + " (" + COLUMNS + ") WITH ('connector' = 'cdcbridge-jdbc', 'url' = '${" + prefix + "_URL}',"
                + " 'username' = '${" + prefix + "_USER}', 'password' = '${" + prefix + "_PASSWORD}', 'table-name' = '" + table
                + "', 'version-column' = 'updated_at', 'auto-create' = 'true');\n";
    }

    private static String insert(String statement, String into, String from) {
        return "SET 'client.statement-name' = '" + statement + "';\nINSERT INTO " + into + " SELECT * FROM " + from + ";\n";
    }
}
