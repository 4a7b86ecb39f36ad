package io.cdcbridge.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.bench.process.BrokerProcess;
import io.cdcbridge.bench.process.ServerUnderTest;
import io.cdcbridge.bench.report.LoadAverage;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.FreePorts;
import io.cdcbridge.embedded.TcpProxy;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench/run chaos}: faults while changes stream from PostgreSQL through every pipeline at once (cdcbridge-postgres
 * and postgres-cdc into another PostgreSQL, cdcbridge-postgres through a Kafka topic into MariaDB), each run by a
 * {@code cdcbridge server} in a JVM of its own: the server SIGKILLed, the source restarted and crashed, the targets
 * down, the broker (in its own JVM) restarted, the connections to the databases and the broker dropped and stalled by
 * TCP proxies.
 * Each fault's recovery is timed (to every statement RUNNING, to every target holding the source's newest key);
 * at the end every target is compared with the source row by row.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Faults while changes stream through every pipeline at once: recovery times, then each target against the source row by row.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--scenarios", split = ",", defaultValue = "kill,source-restart,source-crash,target-down,broker-restart,proxy-cut,proxy-stall",
            description = "Faults, in order (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--pipelines", split = ",", defaultValue = "cdcbridge,postgres-cdc,kafka-mariadb",
            description = "Pipelines run side by side (default: ${DEFAULT-VALUE}).")
    List<String> pipelines;

    @Option(names = "--kills", defaultValue = "20", description = "SIGKILLs of the server in the kill scenario (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--repeat", defaultValue = "2", description = "Times each other fault is played (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--changes", defaultValue = "1000000", description = "Changes streamed at least; the load goes on until the faults are done (default: ${DEFAULT-VALUE}).")
    long changes;

    @Option(names = "--rate", defaultValue = "3000", description = "Changes per second the load makes (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--initial-rows", defaultValue = "20000", description = "Rows in the source before the statements start (default: ${DEFAULT-VALUE}).")
    long initialRows;

    @Option(names = "--outage-seconds", defaultValue = "30", description = "How long a target is down (default: ${DEFAULT-VALUE}).")
    int outageSeconds;

    @Option(names = "--stall-seconds", defaultValue = "20", description = "How long the proxies hold every byte (default: ${DEFAULT-VALUE}).")
    int stallSeconds;

    @Option(names = "--seed", defaultValue = "14", description = "Seed of the random moments (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ReportFile report;

    private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(5);
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        for (String s : scenarios) {
            if (!ChaosFault.NAMES.contains(s)) throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + ChaosFault.NAMES);
        }
        for (String p : pipelines) {
            if (!ChaosPipelines.NAMES.contains(p)) throw new IllegalArgumentException("unknown pipeline '" + p + "'; known: " + ChaosPipelines.NAMES);
        }
        Path dir = Files.createTempDirectory("cdcbridge-chaos-");
        long began = System.nanoTime();
        String loadBefore = "load average " + LoadAverage.now();
        err.println("chaos: services in " + dir);
        try (EmbeddedPostgres source = EmbeddedPostgres.start(EmbeddedPostgres.Options.defaults().withSetting("max_wal_senders", "16"));
             EmbeddedPostgres target = EmbeddedPostgres.start();
             EmbeddedMariaDb mariadb = EmbeddedMariaDb.start();
             // the broker advertises its proxy's port, so every connection to it after the first goes through the proxy
             BrokerProcess broker = new BrokerProcess(dir.resolve("kafka"), dir.resolve("kafka.log"), FreePorts.next());
             TcpProxy brokerProxy = TcpProxy.start("broker", broker.advertisedPort(), "127.0.0.1", broker.start());
             TcpProxy sourceProxy = TcpProxy.start("source", source.host(), source.port());
             TcpProxy targetProxy = TcpProxy.start("target", target.host(), target.port());
             TcpProxy mariadbProxy = TcpProxy.start("mariadb", mariadb.host(), mariadb.port());
             ServerUnderTest server = new ServerUnderTest(dir.resolve("workspace"), dir.resolve("server.log"))) {
            String bootstrap = "127.0.0.1:" + brokerProxy.port();
            SourceLoad.create(source, initialRows);
            ChaosPipelines running = new ChaosPipelines(pipelines, source, target, mariadb);
            ServerClient client = server.start();
            ScriptRequest script = new ScriptRequest("chaos.sql", running.script(), running.variables(
                    sourceProxy.port(), targetProxy.port(), mariadbProxy.port(), bootstrap), false, 180);
            for (int attempt = 1; ; attempt++) {
                try {
                    client.runScript(script);
                    break;
                } catch (RuntimeException e) {
                    // a preflight's 5 s can pass on a machine this busy; the script was undone whole, so run it again
                    if (attempt == 5 || !String.valueOf(e.getMessage()).contains("cannot reach")) throw e;
                    err.println("chaos: the script was refused, running it again: " + e.getMessage());
                }
            }
            err.println("chaos: statements running; snapshot of " + initialRows + " rows");
            SourceLoad load = new SourceLoad(source, initialRows, rate);
            ChaosRecovery.await(running, server::client, initialRows, RECOVERY_LIMIT, System.nanoTime());
            Thread loader = new Thread(load, "chaos-load");
            loader.start();

            Random random = new Random(seed);
            List<ChaosRecovery> recoveries = new ArrayList<>();
            ChaosFault.Services services = new ChaosFault.Services(server, source, target, mariadb, broker,
                    List.of(sourceProxy, targetProxy, mariadbProxy, brokerProxy), Duration.ofSeconds(outageSeconds), Duration.ofSeconds(stallSeconds));
            for (String name : scenarios) {
                ChaosFault fault = ChaosFault.of(name);
                if (!fault.appliesTo(pipelines)) {
                    err.println("chaos: " + name + " skipped (no pipeline it touches)");
                    continue;
                }
                int times = name.equals("kill") ? kills : repeat;
                for (int i = 1; i <= times; i++) {
                    Thread.sleep(3000 + random.nextInt(7000)); // a random moment of the stream
                    long t0 = System.nanoTime();
                    fault.play(services);
                    ChaosRecovery r = ChaosRecovery.await(running, server::client, load.lastCommittedId(), RECOVERY_LIMIT, t0)
                            .named(name, i);
                    recoveries.add(r);
                    err.printf("chaos: %s %d/%d: %s; %d changes so far%n", name, i, times, r, load.changes());
                }
            }
            while (load.changes() < changes) {
                err.printf("chaos: load %d/%d changes%n", load.changes(), changes);
                Thread.sleep(5000);
            }
            load.stop();
            loader.join();
            err.println("chaos: load stopped at " + load.changes() + " changes; comparing every target with the source");
            Map<String, ChaosComparison> results = new LinkedHashMap<>();
            for (ChaosPipelines.Target t : running.targets()) {
                results.put(t.pipeline(), ChaosComparison.settle(source, t, Duration.ofMinutes(5), err));
            }
            if (pipelines.contains("kafka-mariadb")) {
                results.get("kafka-mariadb").replayed = replayedOnTopic(bootstrap);
            }
            String loadAfter = "load average " + LoadAverage.now();
            ChaosReport report = new ChaosReport(scenarios, pipelines, kills, repeat, changes, load.changes(), rate, initialRows,
                    outageSeconds, stallSeconds, seed, recoveries, results, loadBefore, loadAfter,
                    Duration.ofNanos(System.nanoTime() - began), load.failedTransactions());
            Path file = this.report.write("chaos-" + load.changes(), report.markdown());
            System.out.println(report.markdown());
            err.println("chaos: report in " + file);
            return report.allEqual() ? 0 : 1;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // Records written twice to the topic (the same key and value): what an at-least-once sink replays after a kill.
    // A fresh consumer's first metadata fetch can miss the reader's 5 s on a loaded machine (seen at load 32): the
    // count is read again rather than the whole run's report lost.
    private long replayedOnTopic(String bootstrap) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return countReplayed(bootstrap);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (attempt == 10) throw e;
                err.println("chaos: reading the topic timed out (" + e.getMessage() + "), reading it again");
            }
        }
    }

    private static long countReplayed(String bootstrap) throws Exception {
        Set<ByteBuffer> seen = new HashSet<>();
        long[] replayed = {0};
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        TopicReader.readRecords(bootstrap, ChaosPipelines.TOPIC, true, 0, Duration.ofSeconds(10), r -> {
            if (r.value() == null) return; // a tombstone carries no version: two are the same delete
            sha.update(r.key());
            ByteBuffer digest = ByteBuffer.wrap(sha.digest(r.value()), 0, 16);
            if (!seen.add(digest)) replayed[0]++;
        });
        return replayed[0];
    }

    /** The phase each statement of a server is in, or null when the server does not answer. */
    static String phase(ServerClient client, String statement) {
        try {
            JsonNode s = client.statement(statement);
            return s.path("status").path("phase").asText(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
