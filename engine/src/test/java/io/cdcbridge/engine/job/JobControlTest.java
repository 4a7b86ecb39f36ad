package io.cdcbridge.engine.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.engine.cluster.FlinkCluster;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JobManager's REST answers for a job's status, as a loaded machine gives them: only "no such job" makes the job
 * unknown (its statement FAILED, or submitted again at a server start); an error answer leaves it alive.
 */
class JobControlTest {

    private HttpServer rest;
    private volatile int status;
    private volatile String body;

    @BeforeEach
    void startRest() throws Exception {
        rest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        rest.createContext("/", exchange -> {
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        rest.start();
    }

    @AfterEach
    void stopRest() {
        rest.stop(0);
    }

    @Test
    void aJobTheClusterSaysItHasNotIsUnknown() {
        // Flink 1.20's answer, word for word (a restarted MiniCluster asked for a job of the one before)
        answer(500, "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\norg.apache.flink.runtime.messages"
                + ".FlinkJobNotFoundException: Could not find Flink job (0123456789abcdef0123456789abcdef)\\n\\tat org.apache.flink"
                + ".runtime.dispatcher.Dispatcher.lambda$requestJobStatus$20(Dispatcher.java:903)\\n\\nEnd of exception on server side>\"]}");
        try (JobControl jobs = new JobControl(cluster())) {
            assertThat(jobs.state(new JobID().toHexString())).isEqualTo(JobState.of(JobState.State.UNKNOWN));
        }
        answer(404, "{\"errors\":[\"Not found: /jobs\"]}");
        try (JobControl jobs = new JobControl(cluster())) {
            assertThat(jobs.state(new JobID().toHexString())).isEqualTo(JobState.of(JobState.State.UNKNOWN));
        }
    }

    @Test
    void anErrorAnswerLeavesTheJobAliveAndSaysWhy() {
        answer(500, "{\"errors\":[\"Internal server error: the JobManager is overloaded\"]}");
        String job = new JobID().toHexString();
        try (JobControl jobs = new JobControl(cluster())) {
            JobState state = jobs.state(job);
            assertThat(state.state()).isEqualTo(JobState.State.STARTING);
            assertThat(state.failure()).startsWith("cannot ask Flink about job " + job + ": ").contains("the JobManager is overloaded");
        }
    }

    private void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    private FlinkCluster cluster() {
        int port = rest.getAddress().getPort();
        return new FlinkCluster() {
            @Override
            public String restHost() {
                return "127.0.0.1";
            }

            @Override
            public int restPort() {
                return port;
            }

            @Override
            public String describe() {
                return "a REST endpoint answering " + status;
            }

            @Override
            public void close() {
            }
        };
    }
}
