package io.cdcbridge.connectors.jdbc;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * A Flink job on a MiniCluster shared by a test class, with parallelism 1 so that rows reach the sink in the order
 * given, no restarts unless asked for (a failure fails the test), and the planner's upsert materializer off: the
 * sink's version guard orders the changes, and the test wants them to arrive as they are.
 */
final class FlinkJob {

    private final StreamExecutionEnvironment env;
    private final StreamTableEnvironment tables;

    private FlinkJob(StreamExecutionEnvironment env) {
        this.env = env;
        this.tables = StreamTableEnvironment.create(env);
        tables.getConfig().set("table.exec.sink.upsert-materialize", "NONE");
    }

    /** A MiniCluster for the jobs of a test class: starting one per job would cost a second or two each. */
    static MiniCluster startCluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).withRandomPorts().build());
        cluster.start();
        return cluster;
    }

    /** A bounded job named {@code name} (its statement name, as dead letters show it). */
    static FlinkJob named(MiniCluster cluster, String name) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.NAME, name);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return new FlinkJob(on(cluster, conf));
    }

    /** An unbounded job with checkpoints every 500 ms and at most two restarts. */
    static FlinkJob checkpointed(MiniCluster cluster, String name) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.NAME, name);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = on(cluster, conf);
        env.enableCheckpointing(500);
        return new FlinkJob(env);
    }

    // The classes are on the cluster's class path already (same JVM): no jars to ship.
    private static StreamExecutionEnvironment on(MiniCluster cluster, Configuration conf) throws Exception {
        URI rest = cluster.getRestAddress().get();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), conf);
        env.setParallelism(1);
        return env;
    }

    /** Registers the view {@code changes}: the rows in this order, with their row kinds. */
    FlinkJob changes(List<Row> rows) {
        DataStream<Row> stream = env.fromData(rows, Types.ROW_NAMED(new String[] {"user_id", "name", "email", "updated_at"},
                Types.INT, Types.STRING, Types.STRING, Types.LOCAL_DATE_TIME));
        tables.createTemporaryView("changes", tables.fromChangelogStream(stream, Schema.derived(), ChangelogMode.all()));
        return this;
    }

    /** Runs DDL (CREATE TABLE ...). */
    FlinkJob sql(String... statements) {
        for (String s : statements) tables.executeSql(s);
        return this;
    }

    /** Runs the INSERTs as one job and waits for it to end; throws what failed it. */
    void run(String... inserts) throws Exception {
        start(inserts).await();
    }

    /** Submits the INSERTs as one job and returns at once. */
    TableResult start(String... inserts) {
        return statements(inserts).execute();
    }

    /** The JSON execution plan of the INSERTs: operators, parallelism and how rows go from one to the next. */
    String plan(String... inserts) {
        return statements(inserts).explain(ExplainDetail.JSON_EXECUTION_PLAN);
    }

    private StatementSet statements(String... inserts) {
        StatementSet set = tables.createStatementSet();
        for (String insert : inserts) set.addInsertSql(insert);
        return set;
    }

    /** An INSERT of every change into a table, the timestamp cut to milliseconds. */
    static String insertChanges(String table) {
        return "INSERT INTO " + table + " SELECT user_id, name, email, CAST(updated_at AS TIMESTAMP(3)) FROM changes";
    }

    /** An upsert (+I) of a user. */
    static Row upsert(int id, String name, LocalDateTime version) {
        return Row.ofKind(RowKind.INSERT, id, name, name == null ? null : name.toLowerCase() + "@example.com", version);
    }

    /** An update (+U) of a user. */
    static Row update(int id, String name, LocalDateTime version) {
        Row row = upsert(id, name, version);
        row.setKind(RowKind.UPDATE_AFTER);
        return row;
    }

    /** A delete (-D) of a user, carrying the row as it was deleted and the delete's version. */
    static Row delete(int id, String name, LocalDateTime version) {
        Row row = upsert(id, name, version);
        row.setKind(RowKind.DELETE);
        return row;
    }
}
