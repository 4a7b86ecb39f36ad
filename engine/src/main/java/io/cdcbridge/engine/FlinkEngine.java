package io.cdcbridge.engine;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.EngineSession;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.engine.cluster.FlinkCluster;
import io.cdcbridge.engine.probe.ConnectorProbe;
import io.cdcbridge.engine.probe.kafka.KafkaProbe;
import io.cdcbridge.engine.probe.kafka.SavepointSplits;
import io.cdcbridge.engine.probe.postgres.PostgresCdcProbe;
import io.cdcbridge.engine.session.FailureCause;
import io.cdcbridge.engine.session.FlinkSession;
import io.cdcbridge.engine.session.StatementProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.table.api.TableResult;

/**
 * The {@link Engine} port on Apache Flink. Each statement is its own Flink job, compiled in a fresh table
 * environment from the statement's snapshot of definitions, and submitted to the cluster's REST endpoint;
 * whether that cluster is embedded or remote is hidden behind {@link FlinkCluster}.
 */
public final class FlinkEngine implements Engine {

    private static final long TIMEOUT_SECONDS = 60;

    private final FlinkCluster cluster;
    private final RestClusterClient<StandaloneClusterId> client;
    private final JobExceptions exceptions;
    private final List<ConnectorProbe> probes = List.of(new PostgresCdcProbe(), new KafkaProbe());

    public FlinkEngine(FlinkCluster cluster) {
        this.cluster = cluster;
        try {
            this.client = new RestClusterClient<>(clientConfig(), StandaloneClusterId.getInstance());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a REST client for " + cluster.describe(), e);
        }
        this.exceptions = new JobExceptions(client);
    }

    @Override
    public String describe() {
        return cluster.describe();
    }

    @Override
    public EngineSession openSession(Iterable<String> definitions) throws EngineException {
        return FlinkSession.open(new Configuration(), definitions);
    }

    @Override
    public void preflight(StatementJob job) throws EngineException {
        try (FlinkSession session = FlinkSession.open(new Configuration(), job.definitions())) {
            List<String> sources = session.sources(job.statement());
            for (String table : sources) check(session, table, true);
            for (String table : session.sinks(job.statement())) {
                if (!sources.contains(table)) check(session, table, false);
            }
        }
    }

    @Override
    public void prepareStorage(String table, Map<String, String> options, OptionalInt buckets, boolean create)
            throws EngineException {
        Optional<ConnectorProbe> probe = probe(options);
        if (probe.isPresent() && probe.get() instanceof KafkaProbe kafka) {
            kafka.ensureTopic(table, options, buckets, create);
        } else if (buckets.isPresent()) {
            throw new EngineException("table '" + table + "': DISTRIBUTED INTO " + buckets.getAsInt() + " BUCKETS needs a"
                    + " kafka or upsert-kafka table (a topic of that many partitions); connector '" + options.get("connector")
                    + "' has no buckets");
        }
    }

    @Override
    public String submit(StatementJob job) throws EngineException {
        Configuration conf = clientConfig();
        StatementProperties.forFlink(job.properties()).forEach(conf::setString);
        conf.set(PipelineOptions.NAME, job.name());
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Paths.get(job.checkpointDir()).toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        if (job.restoreFrom() != null) conf.setString("execution.savepoint.path", job.restoreFrom());
        try (FlinkSession session = FlinkSession.open(conf, job.definitions())) {
            for (String table : session.sources(job.statement())) {
                Map<String, String> options = session.options(table).orElse(Map.of());
                Optional<ConnectorProbe> probe = probe(options);
                if (probe.isEmpty()) continue;
                probe.get().prepareSource(table, options);
                session.setOptions(table, probe.get().statementOptions(job.name(), options, job.properties()));
            }
            TableResult result = session.env().executeSql(job.statement());
            return result.getJobClient()
                    .orElseThrow(() -> new EngineException("the statement started no job"))
                    .getJobID().toHexString();
        } catch (RuntimeException e) {
            throw new EngineException("submitting the job failed: " + FailureCause.describe(e), e);
        }
    }

    @Override
    public JobState state(String jobId) {
        JobID id = JobID.fromHexString(jobId);
        JobStatus status;
        try {
            status = client.getJobStatus(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            return JobState.of(JobState.State.UNKNOWN);
        }
        return switch (status) {
            // a job Flink calls RUNNING may still be deploying tasks: a checkpoint or savepoint then fails
            case RUNNING -> allTasksRunning(id) ? JobState.of(JobState.State.RUNNING) : starting(id);
            // a restarting job says why: a source or sink lost is seen at once, not when restarts run out
            case RESTARTING, FAILING -> starting(id);
            case INITIALIZING, CREATED, RECONCILING, CANCELLING, SUSPENDED -> JobState.of(JobState.State.STARTING);
            case FINISHED -> JobState.of(JobState.State.FINISHED);
            case CANCELED -> JobState.of(JobState.State.CANCELED);
            case FAILED -> new JobState(JobState.State.FAILED, failure(id));
        };
    }

    @Override
    public String stopWithSavepoint(String jobId, String savepointDir) throws EngineException {
        awaitAllTasksRunning(JobID.fromHexString(jobId));
        try {
            return client.stopWithSavepoint(JobID.fromHexString(jobId), false,
                    Paths.get(savepointDir).toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new EngineException("stop with savepoint failed: " + FailureCause.describe(e), e);
        }
    }

    // Flink refuses a savepoint while a task is not running ("Not all required tasks are currently running"): a job
    // just started or restarting gets a bounded wait; after it Flink is asked anyway and its answer is the error
    private void awaitAllTasksRunning(JobID id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline && state(id.toHexString()).state() == JobState.State.STARTING) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // a job that has failed before and is not (yet) running again: restarting, with the cause
    private JobState starting(JobID id) {
        return new JobState(JobState.State.STARTING, exceptions.latest(id).map(e -> "restarting after: " + e).orElse(null));
    }

    // every subtask of every vertex RUNNING, or FINISHED (a bounded source that is done; checkpoints go on without it)
    private boolean allTasksRunning(JobID id) {
        try {
            for (JobDetailsInfo.JobVertexDetailsInfo v : client.getJobDetails(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getJobVertexInfos()) {
                Map<ExecutionState, Integer> tasks = v.getTasksPerState();
                int up = tasks.getOrDefault(ExecutionState.RUNNING, 0) + tasks.getOrDefault(ExecutionState.FINISHED, 0);
                if (up < v.getParallelism()) return false;
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void cancel(String jobId) throws EngineException {
        try {
            client.cancel(JobID.fromHexString(jobId)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (state(jobId).state() == JobState.State.UNKNOWN) return;
            throw new EngineException("cancel failed: " + FailureCause.describe(e), e);
        }
    }

    @Override
    public List<String> release(StatementJob deleted, List<StatementJob> others) {
        List<String> notes = new ArrayList<>();
        // key of what a source holds -> the source's table, probe and options
        Map<String, Held> held = new LinkedHashMap<>();
        try {
            held.putAll(held(deleted));
        } catch (EngineException e) {
            return List.of("what its sources hold (e.g. a replication slot) is left as it is: they cannot be worked out: "
                    + e.getMessage());
        }
        if (held.isEmpty()) return notes;
        Map<String, String> sharedWith = new LinkedHashMap<>();
        for (StatementJob other : others) {
            try {
                held(other).keySet().forEach(k -> sharedWith.putIfAbsent(k, other.name()));
            } catch (EngineException e) {
                return List.of("what its sources hold (e.g. a replication slot) is left as it is: whether statement '"
                        + other.name() + "' reads it too cannot be worked out: " + e.getMessage());
            }
        }
        held.forEach((key, h) -> {
            if (sharedWith.containsKey(key)) {
                notes.add(key + " of source '" + h.table() + "' kept: statement '" + sharedWith.get(key) + "' reads it too");
            } else {
                notes.addAll(h.probe().release(h.table(), h.options()));
            }
        });
        return notes;
    }

    private record Held(String table, ConnectorProbe probe, Map<String, String> options) {}

    private Map<String, Held> held(StatementJob job) throws EngineException {
        Map<String, Held> out = new LinkedHashMap<>();
        try (FlinkSession session = FlinkSession.open(new Configuration(), job.definitions())) {
            for (String table : session.sources(job.statement())) {
                Map<String, String> options = session.options(table).orElse(Map.of());
                Optional<ConnectorProbe> probe = probe(options);
                if (probe.isEmpty()) continue;
                Map<String, String> read = asRead(probe.get(), job, options);
                for (String key : probe.get().holds(table, read)) out.putIfAbsent(key, new Held(table, probe.get(), read));
            }
        }
        return out;
    }

    @Override
    public List<SourceOffset> offsets(StatementJob job) {
        List<SourceOffset> out = new ArrayList<>();
        try (FlinkSession session = FlinkSession.open(new Configuration(), job.definitions())) {
            for (String table : session.sources(job.statement())) {
                Map<String, String> options = session.options(table).orElse(Map.of());
                probe(options).ifPresent(p -> out.addAll(p.offsets(table, asRead(p, job, options))));
            }
        } catch (EngineException e) {
            out.add(new SourceOffset("*", "?", new SourcePosition.Unknown(e.getMessage())));
        }
        return out;
    }

    /** Kafka sources from the splits in the savepoint (exact); other sources as their systems acknowledge them. */
    @Override
    public List<SourceOffset> savepointOffsets(StatementJob job, String savepoint) {
        Map<String, Map<Integer, Long>> splits;
        try {
            splits = SavepointSplits.read(savepoint);
        } catch (IOException | RuntimeException e) {
            return offsets(job);
        }
        List<SourceOffset> out = new ArrayList<>();
        try (FlinkSession session = FlinkSession.open(new Configuration(), job.definitions())) {
            for (String table : session.sources(job.statement())) {
                Map<String, String> options = session.options(table).orElse(Map.of());
                Optional<ConnectorProbe> probe = probe(options);
                String topic = options.get("topic");
                if (probe.isPresent() && probe.get() instanceof KafkaProbe && topic != null) {
                    out.add(new SourceOffset(table, options.get("connector"),
                            new SourcePosition.KafkaOffsets(topic, new java.util.TreeMap<>(splits.getOrDefault(topic, Map.of())))));
                } else {
                    probe.ifPresent(p -> out.addAll(p.offsets(table, asRead(p, job, options))));
                }
            }
        } catch (EngineException e) {
            out.add(new SourceOffset("*", "?", new SourcePosition.Unknown(e.getMessage())));
        }
        return out;
    }

    @Override
    public OptionalLong messagesBehind(StatementJob job) {
        long behind = 0;
        boolean known = false;
        try (FlinkSession session = FlinkSession.open(new Configuration(), job.definitions())) {
            for (String table : session.sources(job.statement())) {
                Map<String, String> options = session.options(table).orElse(Map.of());
                Optional<ConnectorProbe> probe = probe(options);
                if (probe.isEmpty()) continue;
                OptionalLong b = probe.get().messagesBehind(table, asRead(probe.get(), job, options));
                if (b.isEmpty()) return OptionalLong.empty();
                behind += b.getAsLong();
                known = true;
            }
        } catch (EngineException e) {
            return OptionalLong.empty();
        }
        return known ? OptionalLong.of(behind) : OptionalLong.empty();
    }

    // the options the statement's job reads a table with: the table's, and what submit set for this statement
    private static Map<String, String> asRead(ConnectorProbe probe, StatementJob job, Map<String, String> options) {
        Map<String, String> o = new java.util.HashMap<>(options);
        o.putAll(probe.statementOptions(job.name(), options, job.properties()));
        return o;
    }

    @Override
    public Optional<String> latestCheckpoint(String checkpointDir) {
        Path dir = Paths.get(checkpointDir);
        if (!Files.isDirectory(dir)) return Optional.empty();
        // <dir>/<job id>/chk-<n>/_metadata: a checkpoint is complete once its metadata file exists
        try (Stream<Path> files = Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("_metadata")
                && p.getParent().getFileName().toString().startsWith("chk-"))) {
            return files.max(Comparator.comparingLong(FlinkEngine::modified))
                    .map(p -> p.getParent().toUri().toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private void check(FlinkSession session, String table, boolean source) throws EngineException {
        Map<String, String> options = session.options(table).orElse(Map.of());
        Optional<ConnectorProbe> probe = probe(options);
        if (probe.isPresent()) probe.get().preflight(table, options, source);
    }

    private Optional<ConnectorProbe> probe(Map<String, String> options) {
        String connector = options.get("connector");
        return probes.stream().filter(p -> p.supports(connector)).findFirst();
    }

    private String failure(JobID id) {
        try {
            JobResult result = client.requestJobResult(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Optional<Throwable> cause = result.getSerializedThrowable().map(t -> t.deserializeError(getClass().getClassLoader()));
            if (cause.isEmpty()) return "the job failed without a cause";
            String task = exceptions.latestTask(id).map(t -> " (in " + t + ")").orElse("");
            return FailureCause.describe(cause.get()) + task + JobExceptions.restartsRanOut(cause.get()).map(r -> "; " + r).orElse("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the job failed (cause not retrieved)";
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return "the job failed (cause not retrieved: " + e.getMessage() + ")";
        }
    }

    private Configuration clientConfig() {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(RestOptions.ADDRESS, cluster.restHost());
        conf.set(RestOptions.PORT, cluster.restPort());
        return conf;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
