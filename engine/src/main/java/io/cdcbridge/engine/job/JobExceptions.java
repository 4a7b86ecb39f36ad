package io.cdcbridge.engine.job;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;

/**
 * What Flink recorded of a job's latest failure, through its REST API: in which task it happened (the chain of
 * operators, which names the source or sink tables) and its root cause, and whether the restart strategy gave up.
 */
final class JobExceptions {

    private static final long TIMEOUT_SECONDS = 10;
    private static final String SUPPRESSED = "Recovery is suppressed by ";

    private final RestClusterClient<?> client;

    JobExceptions(RestClusterClient<?> client) {
        this.client = client;
    }

    /** The newest failure of the job: "root cause (in task)", or empty when it has none or Flink does not answer. */
    Optional<String> latest(JobID id) {
        return newest(id).map(e -> rootCause(e.getStacktrace(), e.getExceptionName())
                + (e.getTaskName() == null ? "" : " (in " + e.getTaskName() + ")"));
    }

    /**
     * The task the newest failure in a task happened in. A job's last entry may be a global failure naming no task
     * (the restart strategy giving up), so the newest entry that names one is taken.
     */
    Optional<String> latestTask(JobID id) {
        return history(id).stream()
                .filter(e -> e.getTaskName() != null)
                .max((a, b) -> Long.compare(a.getTimestamp(), b.getTimestamp()))
                .map(JobExceptionsInfoWithHistory.RootExceptionInfo::getTaskName);
    }

    /** "restarts ran out: ..." when the failure is the restart strategy giving up, as Flink words it. */
    static Optional<String> restartsRanOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.startsWith(SUPPRESSED)) {
                return Optional.of("restarts ran out: " + SUPPRESSED + m.substring(SUPPRESSED.length()).lines().findFirst().orElse(""));
            }
            if (t.getCause() == t) break;
        }
        return Optional.empty();
    }

    private Optional<JobExceptionsInfoWithHistory.RootExceptionInfo> newest(JobID id) {
        return history(id).stream().max((a, b) -> Long.compare(a.getTimestamp(), b.getTimestamp()));
    }

    private List<JobExceptionsInfoWithHistory.RootExceptionInfo> history(JobID id) {
        try {
            JobExceptionsHeaders headers = JobExceptionsHeaders.getInstance();
            JobExceptionsMessageParameters params = headers.getUnresolvedMessageParameters();
            params.jobPathParameter.resolve(id);
            return client.sendRequest(headers, params, EmptyRequestBody.getInstance())
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getExceptionHistory().getEntries();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            return List.of();
        }
    }

    // the last "Caused by:" of a stack trace, else its first line: the exception that says what happened
    static String rootCause(String stacktrace, String name) {
        if (stacktrace == null || stacktrace.isBlank()) return name;
        String root = stacktrace.lines().findFirst().orElse(name);
        for (String line : stacktrace.lines().toList()) {
            if (line.startsWith("Caused by: ")) root = line.substring("Caused by: ".length());
        }
        return root.strip();
    }
}
