package io.cdcbridge.cli.kafka;

import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedKafka;
import io.cdcbridge.embedded.JavaProcess;
import io.cdcbridge.embedded.Watchdog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker (KRaft, one node) in a JVM of its own, as {@code cdcbridge kafka start} runs it: its log directory,
 * ports, log and pid in one folder ({@code <workspace>/kafka}), where a later start finds its topics and consumer
 * groups again. The JVM outlives the process that started it, unless the starter names an owner process.
 */
public final class KafkaProcess {

    /** What a start recorded in {@code kafka.json}: where the broker answers and its JVM's pid. */
    public record State(String bootstrap, long pid) {
    }

    static final String FILE = "kafka.json";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private KafkaProcess() {
    }

    /** The Kafka folder of a workspace. */
    public static Path folder(Path workspace) {
        return workspace.resolve("kafka");
    }

    /**
     * Starts the broker's JVM and returns once it answers, its address recorded. With an {@code owner} pid, a watchdog
     * ends the broker once that process ends (a test's JVM, a CI job's shell). Refused while a broker started from
     * {@code dir} runs.
     */
    public static State start(Path dir, Long owner) throws IOException, InterruptedException {
        Optional<State> running = read(dir).filter(KafkaProcess::alive);
        if (running.isPresent()) {
            throw new IllegalStateException("a Kafka broker started from " + dir + " runs already (bootstrap "
                    + running.get().bootstrap() + ", pid " + running.get().pid() + "); `cdcbridge kafka stop` ends it");
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(FILE));
        Process p = JavaProcess.of(KafkaProcess.class.getName())
                .options(List.of("-Xmx512m", "-Dcdcbridge.log.file=" + dir.resolve("kafka.log").toAbsolutePath(),
                        "-Dcdcbridge.console.level=WARN"))
                .args(List.of(dir.toAbsolutePath().toString()))
                .classPathFile(dir.resolve("classpath.args"))
                .ownSession()
                .start(dir.resolve("kafka.out")).process();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<State> s = read(dir);
            if (s.isPresent() && s.get().pid() == p.pid()) {
                if (owner != null) Watchdog.ending(owner, List.of(p.pid()), 30);
                return s.get();
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the Kafka broker's JVM ended while it started (exit code " + p.exitValue()
                        + "); its output is in " + dir.resolve("kafka.out"));
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT.toSeconds()
                + " s; its output is in " + dir.resolve("kafka.out"));
    }

    /** Ends the broker started from {@code dir} (SIGTERM, SIGKILL after 30 s); empty when none was recorded. */
    public static Optional<State> stop(Path dir) throws IOException {
        Optional<State> state = read(dir);
        if (state.isEmpty()) return state;
        Optional<ProcessHandle> h = ProcessHandle.of(state.get().pid()).filter(KafkaProcess::isBroker);
        if (h.isPresent()) {
            h.get().destroy();
            try {
                h.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.get().destroyForcibly();
            }
        }
        Files.deleteIfExists(dir.resolve(FILE));
        return state;
    }

    /** The recorded state, if a broker was started from {@code dir} and not stopped. */
    public static Optional<State> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) return Optional.empty();
        return Optional.of(Json.MAPPER.readValue(file.toFile(), State.class));
    }

    static boolean alive(State s) {
        return ProcessHandle.of(s.pid()).filter(KafkaProcess::isBroker).isPresent();
    }

    // a recorded pid may have been reused: only a JVM running this class is ours
    private static boolean isBroker(ProcessHandle h) {
        return h.isAlive() && h.info().commandLine().orElse("").contains(KafkaProcess.class.getName());
    }

    /** The broker's JVM: starts the broker kept in {@code args[0]}/data, records its address, runs until SIGTERM. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("data"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        Path partial = dir.resolve(FILE + ".partial");
        Json.MAPPER.writeValue(partial.toFile(), new State(kafka.bootstrapServers(), ProcessHandle.current().pid()));
        Files.move(partial, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
        stopped.await();
    }
}
