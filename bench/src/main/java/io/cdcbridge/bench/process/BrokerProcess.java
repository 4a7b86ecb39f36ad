package io.cdcbridge.bench.process;

import io.cdcbridge.embedded.EmbeddedKafka;
import io.cdcbridge.embedded.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka broker in a JVM of its own, so that it can be stopped and started while the pipeline runs: kept in a
 * home directory, it comes back on the same port with its topics and consumer groups. It tells clients to reach it
 * at the advertised port, where a TCP proxy forwards to its forwarded listener. {@link #main} is that JVM.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final String READY = "forwarded=";

    private final Path home;
    private final Path log;
    private final int advertisedPort;
    private Process process;
    private int forwarded;

    public BrokerProcess(Path home, Path log, int advertisedPort) {
        this.home = home;
        this.log = log;
        this.advertisedPort = advertisedPort;
    }

    /** Starts the broker JVM; returns once the broker answers, with the port a proxy at the advertised port forwards to. */
    public int start() throws IOException, InterruptedException {
        JavaProcess.Started started = JavaProcess.of(BrokerProcess.class.getName()).options(List.of("-Xmx384m"))
                .args(List.of(home.toString(), String.valueOf(advertisedPort))).start(log);
        process = started.process();
        int port = Integer.parseInt(started.awaitLine("the Kafka broker's JVM", READY, 120));
        // the proxy forwards to the first start's port; a broker back elsewhere would be out of its reach
        if (forwarded != 0 && port != forwarded) {
            throw new IOException("the Kafka broker came back with its forwarded listener on port " + port
                    + " where the proxy forwards to " + forwarded + " (the port was taken meanwhile)");
        }
        forwarded = port;
        return forwarded;
    }

    /** The port the broker tells clients to reach it at: its proxy's. */
    public int advertisedPort() {
        return advertisedPort;
    }

    /** Stops the broker as a service manager does (SIGTERM: the broker shuts down cleanly) and waits for it. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) stop();
    }

    /**
     * The broker's JVM: starts the broker kept in {@code args[0]} advertising port {@code args[1]}, prints the port
     * of its forwarded listener, runs until SIGTERM.
     */
    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-stop"));
        System.out.println(READY + kafka.forwardedPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
