package io.cdcbridge.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this process, in KRaft mode (broker and controller in one node), on random free ports
 * of 127.0.0.1. Being in-process it dies with the JVM; a watchdog then removes its log directory, unless it was
 * started with a home, where its log directory (topics, offsets, consumer groups) and ports are kept.
 * Started with an advertised port, it has a second listener that tells clients to reach it at that port of
 * 127.0.0.1, for a proxy there that forwards to the listener ({@link #forwardedPort()}): then every connection a
 * client makes after its first goes through the proxy too, since a client connects where the broker says.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Object STARTING = new Object();

    private final KafkaRaftServer server;
    private final Path logDir;
    private final Watchdog watchdog;
    private final String bootstrap;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int controllerPort;
    private int forwardedPort;

    // watchdog: null for a kept broker, whose files stay
    private EmbeddedKafka(KafkaRaftServer server, Path logDir, Watchdog watchdog, String bootstrap) {
        this.server = server;
        this.logDir = logDir;
        this.watchdog = watchdog;
        this.bootstrap = bootstrap;
    }

    /** Formats a fresh log directory and starts the broker; returns once it answers requests. */
    public static EmbeddedKafka start() {
        return start(null);
    }

    /**
     * Starts a broker kept in {@code home} (null: a fresh one in a temporary directory): formatted there the first
     * time, started again on its log directory (and its ports, when they are free) afterwards. Returns once it
     * answers requests.
     */
    public static EmbeddedKafka start(Path home) {
        return start(home, 0);
    }

    /**
     * As {@link #start(Path)}, with a second listener that advertises {@code 127.0.0.1:advertisedPort} (0: none),
     * for a proxy at that port forwarding to {@link #forwardedPort()}. Its port is kept with the others.
     */
    public static EmbeddedKafka start(Path home, int advertisedPort) {
        try {
            ServiceHome state = home == null ? null : ServiceHome.open(home);
            int[] recorded = state == null ? new int[advertisedPort > 0 ? 3 : 2]
                    : advertisedPort > 0 ? new int[] {state.port("broker-port"), state.port("controller-port"), state.port("forwarded-port")}
                    : new int[] {state.port("broker-port"), state.port("controller-port")};
            EmbeddedKafka kafka = FreePorts.startOnPorts("Kafka", recorded, ports -> {
                try {
                    return start(ports, advertisedPort, state == null ? null : state.dir());
                } catch (IllegalStateException e) {
                    // the error does not always say a port was taken (a controller that cannot bind just "gives
                    // up"), so look at the ports
                    if (java.util.Arrays.stream(ports).allMatch(FreePorts::isFree)) throw e;
                    throw new FreePorts.PortTaken(e);
                }
            });
            if (state != null) {
                String[] ports = kafka.bootstrap.split(":");
                state.put("broker-port", ports[1]).put("controller-port", kafka.controllerPort);
                if (advertisedPort > 0) state.put("forwarded-port", kafka.forwardedPort);
                state.save();
            }
            return kafka;
        } catch (IOException e) {
            // ports taken at every attempt: the last attempt's own failure
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
        }
    }

    // Package-private so that a test can hand it a port that is in use.
    static EmbeddedKafka start(int brokerPort, int controllerPort) {
        return start(new int[] {brokerPort, controllerPort}, 0, null);
    }

    // ports: the broker's, the controller's and, with an advertised port, the forwarded listener's;
    // kept: the log directory of a kept broker, else null for a fresh temporary one
    private static EmbeddedKafka start(int[] ports, int advertisedPort, Path kept) {
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        long began = System.nanoTime();
        Path dir = kept;
        Watchdog watchdog = null;
        KafkaRaftServer server = null;
        try {
            if (kept == null) {
                dir = Files.createTempDirectory("cdcbridge-kafka-");
                watchdog = Watchdog.start("rm -rf " + Watchdog.quote(dir) + "\n");
            }
            KafkaConfig config = new KafkaConfig(properties(dir, ports, advertisedPort));
            // KRaft refuses to start on an unformatted log directory (the job of kafka-storage.sh format)
            if (!Files.exists(dir.resolve("meta.properties"))) new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
            server = new KafkaRaftServer(config, Time.SYSTEM);
            EmbeddedKafka kafka = new EmbeddedKafka(server, dir, watchdog, "127.0.0.1:" + brokerPort);
            kafka.controllerPort = controllerPort;
            if (advertisedPort > 0) kafka.forwardedPort = ports[2];
            synchronized (STARTING) {
                // A fault while starting (e.g. the controller's port was taken after we probed it) makes Kafka
                // halt the whole JVM, which hosts much more than this broker. While it starts, a halt or exit
                // becomes an exception we can report or retry; afterwards Kafka's own handling applies again.
                Exit.Procedure refuse = (status, message) -> {
                    throw new IllegalStateException("Kafka gave up (status " + status + ")" + (message == null ? "" : ": " + message));
                };
                Exit.setHaltProcedure(refuse);
                Exit.setExitProcedure(refuse);
                try {
                    server.startup();
                    kafka.awaitReady();
                } finally {
                    Exit.resetHaltProcedure();
                    Exit.resetExitProcedure();
                }
            }
            LOG.info("Kafka on {} started in {} ms", kafka.bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            return kafka;
        } catch (Exception e) {
            if (server != null) shutdown(server);
            if (watchdog != null) watchdog.close();
            if (kept == null) Directories.deleteQuietly(dir);
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /** host:port for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** The port of the listener that advertises the port given at the start, which a proxy there forwards to; 0 if none. */
    public int forwardedPort() {
        return forwardedPort;
    }

    /** Creates a topic (replication factor 1); an existing topic is left as it is. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
        }
    }

    /** The names of the topics, internal ones left out. */
    public Set<String> topics() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics: " + e.getMessage(), e);
        }
    }

    // The log directory; tests check that it goes away.
    Path directory() {
        return logDir;
    }

    /** Shuts the broker down cleanly, waits for it, and deletes its log directory unless it is kept. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            shutdown(server);
        } finally {
            if (watchdog != null) {
                watchdog.close();
                Directories.deleteQuietly(logDir);
            }
        }
    }

    private static Properties properties(Path dir, int[] ports, int advertisedPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + ports[1]);
        // a client is told the address of the listener its request came in on: the forwarded listener names the
        // proxy, while the plain one (our own readiness check, admin calls) names itself
        String forwarded = advertisedPort > 0 ? ",FORWARDED://127.0.0.1:" : null;
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1]
                + (forwarded == null ? "" : forwarded + ports[2]));
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports[0] + (forwarded == null ? "" : forwarded + advertisedPort));
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + (forwarded == null ? "" : ",FORWARDED:PLAINTEXT"));
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        // a single node: anything asking for more replicas than that could never be satisfied
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("transaction.state.log.min.isr", "1");
        // topics are kept until deleted: Kafka's 7-day default counts from each record's own timestamp, so events
        // stamped in the past (a replay, an example's fixed dates) would go at the first retention check, ~30 s in
        p.put("log.retention.ms", "-1");
        // consumers in tests and demos join alone; the default 3 s wait for more members is pure delay
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private static void shutdown(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka did not shut down cleanly: {}", e.toString());
        }
    }

    private void awaitReady() throws Exception {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }
}
