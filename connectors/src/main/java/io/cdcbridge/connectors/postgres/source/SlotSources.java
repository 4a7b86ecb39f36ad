package io.cdcbridge.connectors.postgres.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.SideOutputTransformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One source per slot in a job: the first cdcbridge-postgres table of a job that names a slot creates the slot's
 * source, each further one joins it. Routers chained to the source hand each row to its table's side output by the
 * index it is tagged with, in two steps (to its group of {@value #GROUP} tables, then to its table): Flink offers a
 * side output's row to every output of the operator in turn, so one router for 100 tables costs each row 100 offers,
 * two cost it about 20 (an operator per table that dropped the other tables' rows cost each row 100 calls; see
 * bench/history/many-tables.md). The planner translates a job's tables one by one into the same execution
 * environment, so a source is kept per environment and slot until its job's translation is over, which shows when a
 * table joins a second time (the next translation: EXPLAIN, then the submission, translate the same statement twice).
 */
public final class SlotSources {

    static final int GROUP = 16;

    private static final Map<StreamExecutionEnvironment, Map<String, Shared>> SOURCES = new WeakHashMap<>();

    /** A slot's source, its router to groups, and the routers of the groups made so far. */
    private record Shared(SlotTables tables, DataStream<TableRow> stream, Transformation<TableRow> router,
                          List<Transformation<TableRow>> groups) {}

    private SlotSources() {}

    /** The rows of {@code config}'s table, from the source of its slot in the job being translated in {@code env}. */
    public static DataStream<RowData> join(StreamExecutionEnvironment env, SourceConfig config) {
        Transformation<TableRow> group;
        int index;
        synchronized (SOURCES) {
            Map<String, Shared> slots = SOURCES.computeIfAbsent(env, e -> new HashMap<>());
            String key = config.table().endpoint().describe() + "/" + config.slot();
            Shared shared = slots.get(key);
            if (shared == null || shared.tables().has(config.id())) {
                SlotTables tables = new SlotTables();
                DataStream<TableRow> stream = env.fromSource(new PostgresSource(tables, config.snapshotOnly()), WatermarkStrategy.noWatermarks(),
                        "cdcbridge-postgres", new TableRowTypeInfo(tables));
                // a stable id across versions of the statement, whatever tables join
                stream.getTransformation().setUid("cdcbridge-postgres slot " + config.slot());
                shared = new Shared(tables, stream, router(stream.getTransformation(), "rows by group", new ByTable(tables, -1)),
                        new ArrayList<>());
                slots.put(key, shared);
            }
            index = shared.tables().add(config);
            // short: Flink cuts operator names in metrics at 80 characters
            int n = shared.tables().all().size();
            shared.stream().getTransformation().setName(n == 1 ? "cdcbridge-postgres " + config.table().schema() + "."
                    + config.table().table() : "cdcbridge-postgres slot " + config.slot() + " (" + n + " tables)");
            int g = index / GROUP;
            if (g == shared.groups().size()) {
                SideOutputTransformation<TableRow> rows = new SideOutputTransformation<>(shared.router(), ByTable.groupTag(g, shared.tables()));
                shared.groups().add(router(rows, "rows by table " + (g * GROUP) + "-" + (g * GROUP + GROUP - 1), new ByTable(shared.tables(), g)));
            }
            group = shared.groups().get(g);
        }
        return new DataStream<>(env, new SideOutputTransformation<>(group, ByTable.tableTag(index, config)));
    }

    // built here rather than with DataStream.process, which would also keep it in the environment's list
    private static Transformation<TableRow> router(Transformation<TableRow> input, String name, ByTable function) {
        return new OneInputTransformation<>(input, name, new ProcessOperator<>(function), input.getOutputType(), input.getParallelism());
    }

    /** Hands each row, with its timestamp, to its group's side output ({@code group} -1), or to its table's. */
    private static final class ByTable extends ProcessFunction<TableRow, TableRow> {

        private static final long serialVersionUID = 1L;
        private final SlotTables tables;
        private final int group;
        private transient OutputTag<TableRow>[] groups;
        private transient OutputTag<RowData>[] rows;

        ByTable(SlotTables tables, int group) {
            this.tables = tables;
            this.group = group;
        }

        static OutputTag<TableRow> groupTag(int group, SlotTables tables) {
            return new OutputTag<>("tables " + group, new TableRowTypeInfo(tables));
        }

        static OutputTag<RowData> tableTag(int index, SourceConfig config) {
            return new OutputTag<>("table " + index, InternalTypeInfo.of(config.producedType()));
        }

        @Override
        @SuppressWarnings("unchecked")
        public void open(OpenContext context) {
            List<SourceConfig> all = tables.all();
            if (group < 0) {
                groups = new OutputTag[(all.size() + GROUP - 1) / GROUP];
                for (int g = 0; g < groups.length; g++) groups[g] = groupTag(g, tables);
            } else {
                rows = new OutputTag[Math.min(GROUP, all.size() - group * GROUP)];
                for (int i = 0; i < rows.length; i++) rows[i] = tableTag(group * GROUP + i, all.get(group * GROUP + i));
            }
        }

        @Override
        public void processElement(TableRow row, Context context, Collector<TableRow> out) {
            if (group < 0) context.output(groups[row.table() / GROUP], row);
            else context.output(rows[row.table() - group * GROUP], row.row());
        }
    }
}
