package io.cdcbridge.connectors.jdbc;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.InitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.table.data.RowData;

/** The sink of a {@code cdcbridge-jdbc} table: one {@link JdbcSinkWriter} per subtask. */
final class JdbcSink implements Sink<RowData> {

    private final JdbcSinkConfig config;

    JdbcSink(JdbcSinkConfig config) {
        this.config = config;
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
        return writer(context, context.getProcessingTimeService(), context.getMailboxExecutor(), context.metricGroup());
    }

    /** Flink 1.20 still requires the deprecated variant; it does the same. */
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<RowData> createWriter(InitContext context) throws IOException {
        return writer(context, context.getProcessingTimeService(), context.getMailboxExecutor(), context.metricGroup());
    }

    private SinkWriter<RowData> writer(org.apache.flink.api.connector.sink2.InitContext context, ProcessingTimeService time,
                                       MailboxExecutor mailbox, SinkWriterMetricGroup metrics) {
        return new JdbcSinkWriter(config, time, mailbox, metrics, context.getJobInfo().getJobId().toString(),
                context.getJobInfo().getJobName(),
                context.getTaskInfo().getIndexOfThisSubtask() == 0);
    }
}
