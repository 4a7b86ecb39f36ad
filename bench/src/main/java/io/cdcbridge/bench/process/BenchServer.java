package io.cdcbridge.bench.process;

import io.cdcbridge.bench.pipelines.StatementWaits;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A cdcbridge server in a JVM of its own (its heap as given, its embedded Flink MiniCluster inside) running one pipeline's
 * statements, so that its memory is measured apart from the bench's; deleted statements release their slots.
 */
public final class BenchServer implements AutoCloseable {

    private final ChildJvm jvm;
    private final ServerClient client;
    private final Progress progress;
    private List<String> statements = List.of();

    private BenchServer(ChildJvm jvm, ServerClient client, Progress progress) {
        this.jvm = jvm;
        this.client = client;
        this.progress = progress;
    }

    /** Starts a server with a workspace in {@code dir}, runs the script and waits until its statements run. */
    public static BenchServer start(Path dir, String heap, String file, String script, Map<String, String> variables,
                                    List<String> statements, Progress progress) throws Exception {
        BenchServer server = launch(dir, heap, progress);
        try {
            server.submit(file, script, variables, statements);
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    /** Starts a server with a workspace in {@code dir} and waits until it answers. */
    public static BenchServer launch(Path dir, String heap, Progress progress) throws Exception {
        int port = FreePorts.next();
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC"));
        // -Dbench.server-options="...": more JVM options for each server, e.g. -XX:NativeMemoryTracking=summary
        String more = System.getProperty("bench.server-options", "").strip();
        if (!more.isEmpty()) options.addAll(List.of(more.split("\\s+")));
        // -Dbench.profile=DIR: a flight recording of each server, DIR/<pipeline>.jfr (read with `jfr print`)
        String profile = System.getProperty("bench.profile");
        if (profile != null) {
            options.add("-XX:StartFlightRecording=filename=" + Path.of(profile).toAbsolutePath().resolve(dir.getFileName() + ".jfr")
                    + ",settings=profile");
        }
        ChildJvm jvm = ChildJvm.start("cdcbridge server", options, System.getProperty("java.class.path"),
                "io.cdcbridge.cli.Main", List.of("server", "--workspace", dir.resolve("workspace").toString(), "--port", "" + port),
                dir.resolve("server.log"));
        String url = "http://127.0.0.1:" + port;
        try {
            awaitHealth(jvm, url);
            return new BenchServer(jvm, new ServerClient(url), progress);
        } catch (Exception e) {
            jvm.close();
            throw e;
        }
    }

    /**
     * Submits the script and waits until its statements run; returns {@link System#nanoTime()} at the submission,
     * where a snapshot is timed from. The statements are the ones {@link #check} watches and {@link #close} deletes.
     */
    public long submit(String file, String script, Map<String, String> variables, List<String> statements)
            throws InterruptedException {
        this.statements = List.copyOf(statements);
        return StatementWaits.submitAndAwaitRunning(client, new ScriptRequest(file, script, variables, false, 120), statements, progress);
    }

    public ChildJvm jvm() {
        return jvm;
    }

    /** The server's REST client. */
    public ServerClient client() {
        return client;
    }

    /** Fails naming the statement and its detail when one has FAILED, or the server when it has ended. */
    public void check() {
        jvm.requireAlive();
        for (String s : statements) {
            var status = client.statement(s).path("status");
            if (status.path("phase").asText().equals("FAILED")) {
                throw new IllegalStateException("statement " + s + " FAILED: " + status.path("detail").asText(""));
            }
        }
    }

    /** Deletes the statements (their replication slots with them), then ends the server. */
    @Override
    public void close() {
        for (String s : statements) {
            try {
                client.delete(s);
            } catch (RuntimeException e) {
                progress.say("  (statement " + s + " not deleted: " + e.getMessage() + ")");
            }
        }
        jvm.close();
    }

    private static void awaitHealth(ChildJvm server, String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (true) {
            server.requireAlive();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("the cdcbridge server did not answer within 180 s; log: " + server.log());
            Thread.sleep(200);
        }
    }
}
