package io.cdcbridge.connectors;

import static org.assertj.core.api.Assertions.catchThrowable;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;

/** What a connector's factory refuses when a statement is planned, as the user sees it; one planner per test class. */
public final class PlanningRefusal {

    private final TableEnvironment flink = TableEnvironment.create(EnvironmentSettings.inStreamingMode());

    /** The innermost ValidationException of planning {@code insert} after (re)creating {@code table} by {@code ddl}; null when it plans. */
    public ValidationException of(String table, String ddl, String insert) {
        flink.executeSql("DROP TABLE IF EXISTS " + table);
        flink.executeSql(ddl);
        // the JSON execution plan makes the planner ask the sink for its runtime implementation as well
        Throwable e = catchThrowable(() -> flink.explainSql(insert, ExplainDetail.JSON_EXECUTION_PLAN));
        ValidationException innermost = null;
        for (; e != null; e = e.getCause()) if (e instanceof ValidationException v) innermost = v;
        return innermost;
    }
}
