package io.cdcbridge.engine.job;

import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.connectors.postgres.source.SchemaEvolution;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.SourceEvolution;
import io.cdcbridge.engine.cluster.FlinkCluster;
import io.cdcbridge.engine.session.FailureCause;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.messages.FlinkJobNotFoundException;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.util.ExceptionUtils;

/**
 * The jobs on the cluster, through its REST endpoint: their state (with a failed job's root cause), stop with
 * savepoint, cancel. Knows nothing of what a job reads.
 */
public final class JobControl implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final FlinkCluster cluster;
    private final RestClusterClient<StandaloneClusterId> client;
    private final JobExceptions exceptions;

    public JobControl(FlinkCluster cluster) {
        this.cluster = cluster;
        try {
            this.client = new RestClusterClient<>(clientConfig(), StandaloneClusterId.getInstance());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a REST client for " + cluster.describe(), e);
        }
        this.exceptions = new JobExceptions(client);
    }

    /** A configuration that submits to the cluster. */
    public Configuration clientConfig() {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(RestOptions.ADDRESS, cluster.restHost());
        conf.set(RestOptions.PORT, cluster.restPort());
        return conf;
    }

    /** The current state of a job. */
    public JobState state(String jobId) {
        JobID id = JobID.fromHexString(jobId);
        JobStatus status;
        try {
            status = client.getJobStatus(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // only the cluster's answer that it has no such job makes it unknown (a statement then FAILED for good, or
            // submitted again at a server start); a JobManager too busy to answer in time, or an error, says nothing
            if (notFound(e)) return JobState.of(JobState.State.UNKNOWN);
            return new JobState(JobState.State.STARTING, "cannot ask Flink about job " + jobId + ": " + FailureCause.describe(e));
        }
        return switch (status) {
            // a job Flink calls RUNNING may still be deploying tasks: a checkpoint or savepoint then fails
            case RUNNING -> allTasksRunning(id) ? JobState.of(JobState.State.RUNNING) : starting(id);
            // a restarting job says why: a source or sink lost is seen at once, not when restarts run out
            case RESTARTING, FAILING -> starting(id);
            case INITIALIZING, CREATED, RECONCILING, CANCELLING, SUSPENDED -> JobState.of(JobState.State.STARTING);
            case FINISHED -> JobState.of(JobState.State.FINISHED);
            case CANCELED -> JobState.of(JobState.State.CANCELED);
            case FAILED -> failed(id);
        };
    }

    /** Stops a job with a savepoint under {@code savepointDir} (a URI); returns the savepoint's path. */
    public String stopWithSavepoint(String jobId, String savepointDir) throws EngineException {
        awaitAllTasksRunning(JobID.fromHexString(jobId));
        try {
            return client.stopWithSavepoint(JobID.fromHexString(jobId), false,
                    savepointDir, SavepointFormatType.CANONICAL)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new EngineException("stop with savepoint failed: " + FailureCause.describe(e), e);
        }
    }

    /** Cancels a job without a savepoint; a job the cluster no longer knows counts as canceled. */
    public void cancel(String jobId) throws EngineException {
        try {
            client.cancel(JobID.fromHexString(jobId)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (state(jobId).state() == JobState.State.UNKNOWN) return;
            throw new EngineException("cancel failed: " + FailureCause.describe(e), e);
        }
        awaitCanceled(JobID.fromHexString(jobId));
    }

    // Flink acknowledges a cancel once it has begun: its tasks may still read and write for a moment, and the topics'
    // ends taken after a stop bound what the job read and wrote only once they have all ended (bounded wait)
    private void awaitCanceled(JobID id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            try {
                if (client.getJobStatus(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).isGloballyTerminalState()) return;
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                return; // the cluster no longer knows the job (it has ended), or cannot say
            }
        }
    }

    @Override
    public void close() {
        client.close();
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

    // Flink 1.20 answers a job it has not with 500 and the dispatcher's FlinkJobNotFoundException in the text
    private static boolean notFound(Throwable e) {
        return ExceptionUtils.findThrowable(e, RestClientException.class).filter(r -> r.getHttpResponseStatus().code() == 404
                || String.valueOf(r.getMessage()).contains(FlinkJobNotFoundException.class.getSimpleName())).isPresent();
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

    private JobState failed(JobID id) {
        try {
            JobResult result = client.requestJobResult(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Optional<Throwable> cause = result.getSerializedThrowable().map(t -> t.deserializeError(getClass().getClassLoader()));
            if (cause.isEmpty()) return new JobState(JobState.State.FAILED, "the job failed without a cause");
            String task = exceptions.latestTask(id).map(t -> " (in " + t + ")").orElse("");
            return new JobState(JobState.State.FAILED, FailureCause.describe(cause.get()) + task
                    + JobExceptions.restartsRanOut(cause.get()).map(r -> "; " + r).orElse(""), evolution(cause.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JobState(JobState.State.FAILED, "the job failed (cause not retrieved)");
        } catch (ExecutionException | TimeoutException e) {
            return new JobState(JobState.State.FAILED, "the job failed (cause not retrieved: " + e.getMessage() + ")");
        }
    }

    // a cdcbridge-postgres source that stopped its job for a version that carries its table's changes through
    static SourceEvolution evolution(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaEvolution e) return new SourceEvolution(e.flinkTable(), e.added(), e.modified(), e.newTables());
        }
        return null;
    }
}
