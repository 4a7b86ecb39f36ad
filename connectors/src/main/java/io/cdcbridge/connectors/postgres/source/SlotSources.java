package io.cdcbridge.connectors.postgres.source;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;

/**
 * One source per slot in a job: the first cdcbridge-postgres table of a job that names a slot creates the slot's
 * source, each further one joins it, and each table reads its own rows from it through a chained operator that keeps
 * the rows tagged with its index. The planner translates a job's tables one by one into the same execution
 * environment, so a source is kept per environment and slot until its job's translation is over, which shows when a
 * table joins a second time (the next translation: EXPLAIN, then the submission, translate the same statement twice).
 */
public final class SlotSources {

    private static final Map<StreamExecutionEnvironment, Map<String, Shared>> SOURCES = new WeakHashMap<>();

    private record Shared(SlotTables tables, DataStream<TableRow> stream) {}

    private SlotSources() {}

    /** The rows of {@code config}'s table, from the source of its slot in the job being translated in {@code env}. */
    public static DataStream<RowData> join(StreamExecutionEnvironment env, SourceConfig config) {
        Shared shared;
        int index;
        synchronized (SOURCES) {
            Map<String, Shared> slots = SOURCES.computeIfAbsent(env, e -> new HashMap<>());
            String key = config.table().endpoint().describe() + "/" + config.slot();
            shared = slots.get(key);
            if (shared == null || shared.tables().has(config.id())) {
                SlotTables tables = new SlotTables();
                DataStream<TableRow> stream = env.fromSource(new PostgresSource(tables, config.snapshotOnly()), WatermarkStrategy.noWatermarks(),
                        "cdcbridge-postgres", new TableRowTypeInfo(tables));
                // a stable id across versions of the statement, whatever tables join
                stream.getTransformation().setUid("cdcbridge-postgres slot " + config.slot());
                shared = new Shared(tables, stream);
                slots.put(key, shared);
            }
            index = shared.tables().add(config);
            // short: Flink cuts operator names in metrics at 80 characters
            int n = shared.tables().all().size();
            shared.stream().getTransformation().setName(n == 1 ? "cdcbridge-postgres " + config.table().schema() + "."
                    + config.table().table() : "cdcbridge-postgres slot " + config.slot() + " (" + n + " tables)");
        }
        Transformation<TableRow> source = shared.stream().getTransformation();
        // built here rather than with DataStream.process, which would also keep it in the environment's list
        OneInputTransformation<TableRow, RowData> rows = new OneInputTransformation<>(source,
                "rows of " + config.table().schema() + "." + config.table().table(),
                new ProcessOperator<>(new RowsOf(index)), InternalTypeInfo.of(config.producedType()), source.getParallelism());
        return new DataStream<>(env, rows);
    }

    /** Passes on the rows of one table, with their timestamps. */
    private static final class RowsOf extends ProcessFunction<TableRow, RowData> {

        private static final long serialVersionUID = 1L;
        private final int table;

        RowsOf(int table) {
            this.table = table;
        }

        @Override
        public void processElement(TableRow row, Context context, Collector<RowData> out) {
            if (row.table() == table) out.collect(row.row());
        }
    }
}
