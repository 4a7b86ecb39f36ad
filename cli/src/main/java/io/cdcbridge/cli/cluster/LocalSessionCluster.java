package io.cdcbridge.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.FreePorts;
import io.cdcbridge.embedded.JavaProcess;
import io.cdcbridge.embedded.Watchdog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster on this machine, from Flink's own entry points: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each a JVM of its own,
 * on loopback and free ports, with its configuration, logs and temporary files in one folder. The JVMs outlive the
 * process that started them; their pids are recorded there ({@link ClusterState}) for {@link #stop}.
 */
public final class LocalSessionCluster {

    static final String JOBMANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    // what a Flink 1.20 distribution's config.yaml passes every JVM on Java 17 (env.java.opts.all)
    private static final List<String> JAVA_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED", "-XX:+UseSerialGC");

    private static final String LOG4J = """
            rootLogger.level = INFO
            rootLogger.appenderRef.file.ref = file
            appender.file.type = File
            appender.file.name = file
            appender.file.fileName = ${sys:log.file}
            appender.file.layout.type = PatternLayout
            appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
            logger.kafka.name = org.apache.kafka
            logger.kafka.level = WARN
            """;

    private LocalSessionCluster() {
    }

    /** The cluster folder of a workspace. */
    public static Path folder(Path workspace) {
        return workspace.resolve("cluster");
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each and waits until every
     * TaskManager has registered. Refused while a cluster recorded in {@code dir} still runs. With an {@code owner}
     * pid, a watchdog ends the cluster once that process ends (a test's JVM, even SIGKILLed); without, it runs
     * until {@link #stop}.
     */
    public static ClusterState start(Path dir, int taskManagers, int slots, Long owner) throws IOException, InterruptedException {
        if (taskManagers < 1 || slots < 1) throw new IllegalArgumentException("a cluster needs at least 1 TaskManager and 1 slot");
        Optional<ClusterState> running = ClusterState.read(dir).filter(LocalSessionCluster::alive);
        if (running.isPresent()) {
            throw new IllegalStateException("a cluster started from " + dir + " runs already (REST " + running.get().rest()
                    + "); `cdcbridge cluster stop` ends it");
        }
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        int restPort = FreePorts.next();
        writeConfig(conf, tmp, restPort, FreePorts.next(), slots);
        Configuration config = GlobalConfiguration.loadConfiguration(conf.toString());
        ClassPath classPath = new ClassPath(ClusterClassPath.of(), conf.resolve("classpath.args"));

        JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(
                config, JobManagerOptions.TOTAL_PROCESS_MEMORY);
        List<Process> started = new ArrayList<>();
        try {
            started.add(launch(classPath, conf, logs.resolve("jobmanager"), JOBMANAGER,
                    JobManagerProcessUtils.generateJvmParametersStr(jm, config),
                    JobManagerProcessUtils.generateDynamicConfigsStr(jm)));
            TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(config);
            for (int i = 1; i <= taskManagers; i++) {
                started.add(launch(classPath, conf, logs.resolve("taskmanager-" + i), TASKMANAGER,
                        ProcessMemoryUtils.generateJvmParametersStr(tm), TaskExecutorProcessUtils.generateDynamicConfigsStr(tm)));
            }
            String rest = "http://" + LOOPBACK + ":" + restPort;
            awaitTaskManagers(rest, taskManagers, started, logs);
            ClusterState state = new ClusterState(rest, started.get(0).pid(),
                    started.subList(1, started.size()).stream().map(Process::pid).toList(), slots);
            state.write(dir);
            // the JobManager first: the watchdog also ends the TaskManagers once it is gone
            if (owner != null) Watchdog.ending(owner, started.stream().map(Process::pid).toList(), 30);
            return state;
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (Process p : started) p.destroyForcibly();
            throw e;
        }
    }

    /**
     * Ends the cluster recorded in {@code dir} (its TaskManagers, then its JobManager): asked to stop, then killed
     * after 30 s. Only processes running Flink's entry points are touched (a recorded pid may have been reused).
     * Returns the state it stopped, or empty when none was recorded.
     */
    public static Optional<ClusterState> stop(Path dir) throws IOException {
        Optional<ClusterState> state = ClusterState.read(dir);
        if (state.isEmpty()) return state;
        List<Long> pids = new ArrayList<>(state.get().taskmanagers());
        pids.add(state.get().jobmanager());
        List<ProcessHandle> stopping = new ArrayList<>();
        for (long pid : pids) ProcessHandle.of(pid).filter(LocalSessionCluster::isFlink).ifPresent(h -> {
            h.destroy();
            stopping.add(h);
        });
        for (ProcessHandle h : stopping) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        Files.deleteIfExists(dir.resolve(ClusterState.FILE));
        return state;
    }

    /** Whether the recorded JobManager still runs. */
    static boolean alive(ClusterState s) {
        return ProcessHandle.of(s.jobmanager()).filter(LocalSessionCluster::isFlink).isPresent();
    }

    private static boolean isFlink(ProcessHandle h) {
        String line = h.info().commandLine().orElse("");
        return h.isAlive() && (line.contains(JOBMANAGER) || line.contains(TASKMANAGER));
    }

    private static void writeConfig(Path conf, Path tmp, int restPort, int rpcPort, int slots) throws IOException {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", LOOPBACK);
        c.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        c.put("jobmanager.bind-host", LOOPBACK);
        c.put("taskmanager.bind-host", LOOPBACK);
        c.put("taskmanager.host", LOOPBACK);
        c.put("rest.address", LOOPBACK);
        c.put("rest.bind-address", LOOPBACK);
        c.put("rest.port", String.valueOf(restPort));
        c.put("taskmanager.numberOfTaskSlots", String.valueOf(slots));
        c.put("parallelism.default", "1");
        // a job of parallelism 2 uses both TaskManagers rather than two slots of one
        c.put("cluster.evenly-spread-out-slots", "true");
        // small enough for a laptop: 2 TaskManagers and a JobManager in about 1.5 GB
        c.put("jobmanager.memory.heap.size", "256m");
        c.put("jobmanager.memory.off-heap.size", "64m");
        c.put("jobmanager.memory.jvm-metaspace.size", "192m");
        c.put("jobmanager.memory.jvm-overhead.min", "64m");
        c.put("jobmanager.memory.jvm-overhead.max", "128m");
        c.put("taskmanager.memory.framework.heap.size", "64m");
        c.put("taskmanager.memory.task.heap.size", "256m");
        c.put("taskmanager.memory.managed.size", "64m");
        c.put("taskmanager.memory.network.min", "64m");
        c.put("taskmanager.memory.network.max", "64m");
        c.put("taskmanager.memory.framework.off-heap.size", "64m");
        c.put("taskmanager.memory.jvm-metaspace.size", "192m");
        c.put("taskmanager.memory.jvm-overhead.min", "64m");
        c.put("taskmanager.memory.jvm-overhead.max", "128m");
        c.put("io.tmp.dirs", tmp.toAbsolutePath().toString());
        c.put("web.tmpdir", tmp.toAbsolutePath().toString());
        c.put("classloader.check-leaked-classloader", "false");
        StringBuilder yaml = new StringBuilder("# written by `cdcbridge cluster start`\n");
        c.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml);
        Files.writeString(conf.resolve("log4j.properties"), LOG4J);
    }

    // one class path file for all JVMs; their entry point shown in a process listing is how stop recognises them
    private record ClassPath(String entries, Path file) {
    }

    private static Process launch(ClassPath classPath, Path conf, Path log, String main, String jvmMemory, String dynamic)
            throws IOException {
        List<String> options = new ArrayList<>(Arrays.asList(jvmMemory.trim().split("\\s+")));
        options.addAll(JAVA_OPTS);
        options.add("-Dlog.file=" + log + ".log");
        options.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
        args.addAll(Arrays.asList(dynamic.trim().split("\\s+")));
        return JavaProcess.of(main).options(options).args(args).classPath(classPath.entries()).classPathFile(classPath.file())
                .ownSession().start(Path.of(log + ".out")).process();
    }

    private static void awaitTaskManagers(String rest, int expected, List<Process> processes, Path logs)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int registered = 0;
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a Flink process (pid " + p.pid() + ") ended while the cluster started"
                            + " (exit code " + p.exitValue() + "); its log is in " + logs);
                }
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + "/taskmanagers"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode tms = Json.MAPPER.readTree(r.body()).path("taskmanagers");
                    registered = tms.size();
                    if (registered >= expected) return;
                }
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the cluster did not start within " + START_TIMEOUT.toSeconds() + " s: " + registered
                + " of " + expected + " TaskManagers registered; the logs are in " + logs);
    }
}
