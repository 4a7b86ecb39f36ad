package io.cdcbridge.engine;

import io.cdcbridge.connectors.names.DerivedNames;
import io.cdcbridge.control.engine.ConnectorDescription;
import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.EngineSession;
import io.cdcbridge.control.engine.DeadLetters;
import io.cdcbridge.control.engine.JobMetrics;
import io.cdcbridge.engine.probe.kafka.DeadLetterBrowser;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.QueryAnswer;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TopicRecord;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.engine.cluster.FlinkCluster;
import io.cdcbridge.engine.cluster.StateStorage;
import io.cdcbridge.engine.connector.KnownConnectors;
import io.cdcbridge.engine.connector.StatementSources;
import io.cdcbridge.engine.job.JobControl;
import io.cdcbridge.engine.job.SourceWatch;
import io.cdcbridge.engine.metrics.FlinkJobMetrics;
import io.cdcbridge.engine.probe.ConnectorProbe;
import io.cdcbridge.engine.probe.kafka.TopicAccess;
import io.cdcbridge.engine.session.FailureCause;
import io.cdcbridge.engine.session.FlinkSession;
import io.cdcbridge.engine.session.StatementProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * The {@link Engine} port on Apache Flink. Each statement is its own Flink job, compiled in a fresh table
 * environment from the statement's snapshot of definitions, and submitted to the cluster's REST endpoint;
 * whether that cluster is embedded or remote is hidden behind {@link FlinkCluster}. Jobs are controlled through
 * {@link JobControl}; what a statement reads is worked out once per statement ({@link StatementSources}) and asked of
 * the probes of its connectors ({@link KnownConnectors}).
 */
public final class FlinkEngine implements Engine {

    /** How long a SELECT's rows are waited for. */
    static final java.time.Duration QUERY_WAIT = java.time.Duration.ofSeconds(20);

    private final FlinkCluster cluster;
    private final JobControl jobs;
    private final FlinkJobMetrics metrics;
    private final KnownConnectors connectors = KnownConnectors.ALL;
    private final SourceWatch watch = new SourceWatch();
    // per statement as compiled (name, definitions, query, properties): its tables need a table environment to find;
    // removed when the statement is deleted (release) or the bounded job ends (forget)
    private final Map<SourcesKey, StatementSources> sources = new ConcurrentHashMap<>();

    private record SourcesKey(String name, List<String> definitions, String statement, Map<String, String> properties) {

        static SourcesKey of(StatementJob job) {
            return new SourcesKey(job.name(), job.definitions(), job.statement(), job.properties());
        }
    }

    public FlinkEngine(FlinkCluster cluster) {
        this.cluster = cluster;
        this.jobs = new JobControl(cluster);
        this.metrics = new FlinkJobMetrics("http://" + cluster.restHost() + ":" + cluster.restPort());
    }

    @Override
    public String describe() {
        return cluster.describe();
    }

    @Override
    public String topicName(String tableName) {
        return DerivedNames.topic(tableName);
    }

    @Override
    public Optional<ConnectorDescription> connector(String name) {
        return connectors.connector(name);
    }

    @Override
    public EngineSession openSession(Iterable<String> definitions) throws EngineException {
        return FlinkSession.open(new Configuration(), definitions);
    }

    @Override
    public void preflight(StatementJob job) throws EngineException {
        // a script's statement may restore a savepoint it names itself (an evolution's v2)
        String restore = job.restoreFrom() != null ? job.restoreFrom() : job.properties().get("execution.savepoint.path");
        sources(job).preflight(restore);
    }

    @Override
    public List<io.cdcbridge.control.engine.TableShape> schemaTables(Map<String, String> sourceOptions, String schema,
                                                                     java.util.function.Predicate<String> names)
            throws EngineException {
        return connectors.find(sourceOptions.get("connector")).map(c -> c.probe()).orElse(ConnectorProbe.NONE)
                .schemaTables(sourceOptions, schema, names);
    }

    @Override
    public void prepareStorage(String table, Map<String, String> options, OptionalInt buckets, boolean create)
            throws EngineException {
        connectors.find(options.get("connector")).map(c -> c.probe()).orElse(ConnectorProbe.NONE)
                .prepareStorage(table, options, buckets, create);
    }

    @Override
    public void dropStorage(String table, Map<String, String> options) throws EngineException {
        connectors.find(options.get("connector")).map(c -> c.probe()).orElse(ConnectorProbe.NONE).dropStorage(table, options);
    }

    @Override
    public String submit(StatementJob job) throws EngineException {
        Configuration conf = jobs.clientConfig();
        StatementProperties.forFlink(job.properties()).forEach(conf::setString);
        conf.set(PipelineOptions.NAME, job.name());
        if (!cluster.userJars().isEmpty()) conf.set(PipelineOptions.JARS, cluster.userJars());
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, job.checkpointDir());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        if (job.restoreFrom() != null) conf.setString("execution.savepoint.path", job.restoreFrom());
        try (FlinkSession session = FlinkSession.open(conf, job.definitions())) {
            StatementSources tables = sources.computeIfAbsent(SourcesKey.of(job),
                    k -> StatementSources.resolve(session, job, connectors));
            tables.prepareSources();
            for (Map.Entry<String, Map<String, String>> e : tables.statementOptions().entrySet()) {
                session.setOptions(e.getKey(), e.getValue());
            }
            TableResult result = session.env().executeSql(job.statement());
            String jobId = result.getJobClient()
                    .orElseThrow(() -> new EngineException("the statement started no job"))
                    .getJobID().toHexString();
            watch.watch(jobId, tables.checks());
            return jobId;
        } catch (RuntimeException e) {
            throw new EngineException("submitting the job failed: " + FailureCause.describe(e), e);
        }
    }

    @Override
    public JobState state(String jobId) {
        JobState state = jobs.state(jobId);
        return switch (state.state()) {
            // every task runs, yet a source's database may be gone while its connector waits to notice
            case RUNNING -> watch.lost(jobId).map(why -> new JobState(JobState.State.STARTING, why)).orElse(state);
            case STARTING -> state;
            default -> {
                watch.forget(jobId);
                yield state;
            }
        };
    }

    @Override
    public String stopWithSavepoint(String jobId, String savepointDir) throws EngineException {
        String savepoint = jobs.stopWithSavepoint(jobId, savepointDir);
        watch.forget(jobId);
        return savepoint;
    }

    @Override
    public void cancel(String jobId) throws EngineException {
        jobs.cancel(jobId);
        watch.forget(jobId);
    }

    @Override
    public List<String> release(StatementJob deleted, List<StatementJob> others) {
        Map<String, StatementSources.Table> held;
        try {
            held = sources(deleted).held();
        } catch (EngineException e) {
            return List.of("what its sources hold (e.g. a replication slot) is left as it is: they cannot be worked out: "
                    + e.getMessage());
        } finally {
            sources.remove(SourcesKey.of(deleted));
        }
        if (held.isEmpty()) return List.of();
        Map<String, String> sharedWith = new LinkedHashMap<>();
        for (StatementJob other : others) {
            try {
                sources(other).held().keySet().forEach(k -> sharedWith.putIfAbsent(k, other.name()));
            } catch (EngineException e) {
                return List.of("what its sources hold (e.g. a replication slot) is left as it is: whether statement '"
                        + other.name() + "' reads it too cannot be worked out: " + e.getMessage());
            }
        }
        List<String> notes = new ArrayList<>();
        held.forEach((key, table) -> {
            if (sharedWith.containsKey(key)) {
                notes.add(key + " of source '" + table.name() + "' kept: statement '" + sharedWith.get(key) + "' reads it too");
            } else {
                notes.addAll(StatementSources.release(table));
            }
        });
        return notes;
    }

    @Override
    public void forget(StatementJob job) {
        sources.remove(SourcesKey.of(job));
    }

    @Override
    public List<SourceOffset> offsets(StatementJob job) {
        try {
            return sources(job).offsets();
        } catch (EngineException e) {
            return StatementSources.unknown(e.getMessage());
        }
    }

    @Override
    public List<SourceOffset> savepointOffsets(StatementJob job, String savepoint) {
        try {
            return sources(job).savepointOffsets(savepoint);
        } catch (EngineException e) {
            return StatementSources.unknown(e.getMessage());
        }
    }

    /** Asked every second while an evolution catches up: the statement's tables are worked out the first time only. */
    // the connectors whose tables are topics verification reads and writes as bytes
    private static final java.util.Set<String> TOPICS = java.util.Set.of("kafka", "upsert-kafka", "cdcbridge-kafka", "debezium-kafka");

    @Override
    public List<SourceOffset> sinkEnds(StatementJob job) {
        return topicEnds(job, true);
    }

    @Override
    public List<SourceOffset> sourceEnds(StatementJob job) {
        return topicEnds(job, false);
    }

    // the end offsets now of the topics of the statement's sink tables, or of its source tables
    private List<SourceOffset> topicEnds(StatementJob job, boolean sinks) {
        List<SourceOffset> out = new ArrayList<>();
        try {
            StatementSources tables = sources(job);
            for (StatementSources.Table t : sinks ? tables.sinks() : tables.sources()) {
                String topic = t.options().get("topic");
                if (!TOPICS.contains(t.options().get("connector")) || topic == null || topic.contains(";")) continue;
                try {
                    out.add(new SourceOffset(t.name(), t.options().get("connector"),
                            new SourcePosition.KafkaOffsets(topic, new java.util.TreeMap<>(TopicAccess.ends(t.options())))));
                } catch (EngineException e) {
                    out.add(new SourceOffset(t.name(), t.options().get("connector"), new SourcePosition.Unknown(e.getMessage())));
                }
            }
        } catch (EngineException e) {
            out.add(new SourceOffset("*", "?", new SourcePosition.Unknown(e.getMessage())));
        }
        return out;
    }

    @Override
    public Map<Integer, Long> topicEnds(Map<String, String> options) throws EngineException {
        return TopicAccess.ends(options);
    }

    @Override
    public void readTopic(Map<String, String> options, Map<Integer, Long> from, Map<Integer, Long> to,
                          java.util.function.Consumer<TopicRecord> each) throws EngineException {
        TopicAccess.read(options, from, to, each);
    }

    @Override
    public void writeTopic(Map<String, String> options, Iterable<TopicRecord> records) throws EngineException {
        TopicAccess.write(options, records);
    }

    @Override
    public OptionalLong messagesBehind(StatementJob job) {
        try {
            return sources(job).messagesBehind();
        } catch (EngineException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public List<SourceLag> lag(StatementJob job) {
        try {
            return sources(job).lag();
        } catch (EngineException e) {
            return List.of(SourceLag.unknown("*", "?", e.getMessage()));
        }
    }

    @Override
    public DeadLetters deadLetters(StatementJob job, int offset, int limit) {
        try {
            StatementSources tables = sources(job);
            List<DeadLetterBrowser.Topic> topics = new ArrayList<>();
            for (StatementSources.Table t : tables.sources()) DeadLetterBrowser.topicOf(t.options()).ifPresent(topics::add);
            for (StatementSources.Table t : tables.sinks()) DeadLetterBrowser.topicOf(t.options()).ifPresent(topics::add);
            return DeadLetterBrowser.read(topics, job.name(), offset, limit);
        } catch (EngineException e) {
            return DeadLetters.none(offset, limit, e.getMessage());
        }
    }

    /**
     * Runs on the cluster like a statement's job. A SELECT on an unbounded source may never give as many rows as asked:
     * its rows are taken for at most {@link #QUERY_WAIT} (or until {@code cancel} completes), then its job is cancelled
     * (as the iterator closes).
     */
    // a SELECT preview reads a PostgreSQL CDC table's rows as they are now (see TablePreview)
    private static final java.util.regex.Pattern PREVIEWS = java.util.regex.Pattern.compile("(?is)\\s*(SELECT|WITH)\\b");

    @Override
    public QueryAnswer query(List<String> definitions, String sql, int maxRows) throws EngineException {
        return query(definitions, sql, maxRows, new java.util.concurrent.CompletableFuture<>());
    }

    @Override
    public QueryAnswer query(List<String> definitions, String sql, int maxRows, java.util.concurrent.CompletableFuture<Void> cancel)
            throws EngineException {
        try (FlinkSession session = FlinkSession.open(jobs.clientConfig(), definitions)) {
            if (PREVIEWS.matcher(sql).lookingAt()) {
                for (String table : session.sources(sql)) {
                    session.options(table).flatMap(o -> io.cdcbridge.engine.session.TablePreview.shadow(table, o))
                            .ifPresent(session.env()::executeSql);
                }
            }
            TableResult result = session.env().executeSql(sql);
            List<String> columns = result.getResolvedSchema().getColumnNames();
            List<List<String>> rows = java.util.Collections.synchronizedList(new ArrayList<>());
            CloseableIterator<Row> it = result.collect();
            java.util.concurrent.CompletableFuture<Void> taking = java.util.concurrent.CompletableFuture.runAsync(() -> {
                while (rows.size() < maxRows && it.hasNext()) {
                    Row r = it.next();
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < r.getArity(); i++) cells.add(r.getField(i) == null ? null : String.valueOf(r.getField(i)));
                    rows.add(cells);
                }
            });
            boolean cancelled;
            try {
                java.util.concurrent.CompletableFuture.anyOf(taking, cancel).get(QUERY_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // an unbounded source with fewer rows than asked: what came so far
            } finally {
                cancelled = cancel.isDone() && !taking.isDone();
                it.close();
            }
            synchronized (rows) {
                return new QueryAnswer(columns, List.copyOf(rows), rows.size() == maxRows, cancelled);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new EngineException(FailureCause.describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while the query ran", e);
        } catch (Exception e) {
            throw new EngineException(FailureCause.describe(e), e);
        }
    }

    @Override
    public Optional<JobMetrics> jobMetrics(String jobId) {
        return metrics.read(jobId);
    }

    @Override
    public Optional<String> latestCheckpoint(String checkpointDir) {
        try {
            return StateStorage.latestCheckpoint(checkpointDir);
        } catch (EngineException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> stateFolders(String dir) throws EngineException {
        return StateStorage.folders(dir);
    }

    @Override
    public void deleteState(String dir) throws EngineException {
        StateStorage.delete(dir);
    }

    @Override
    public void close() {
        watch.close();
        jobs.close();
    }

    private StatementSources sources(StatementJob job) throws EngineException {
        SourcesKey key = SourcesKey.of(job);
        StatementSources known = sources.get(key);
        if (known != null) return known;
        try (FlinkSession session = FlinkSession.open(new Configuration(), job.definitions())) {
            StatementSources resolved = StatementSources.resolve(session, job, connectors);
            sources.put(key, resolved);
            return resolved;
        } catch (RuntimeException e) {
            throw new EngineException(FailureCause.describe(e), e);
        }
    }
}
