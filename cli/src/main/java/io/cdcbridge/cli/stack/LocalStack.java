package io.cdcbridge.cli.stack;

import io.cdcbridge.cli.verify.JdbcTableVerifier;
import io.cdcbridge.control.server.ControlPlane;
import io.cdcbridge.control.server.RestSettings;
import io.cdcbridge.control.statement.StateDir;
import io.cdcbridge.control.verify.StatementVerification;
import io.cdcbridge.control.workspace.Workspace;
import io.cdcbridge.engine.cluster.StateStorage;
import io.cdcbridge.control.workspace.WorkspaceLock;
import io.cdcbridge.embedded.EmbeddedServices;
import io.cdcbridge.engine.FlinkEngine;
import io.cdcbridge.engine.cluster.FlinkCluster;
import io.cdcbridge.engine.cluster.LocalFlinkCluster;
import io.cdcbridge.engine.cluster.RemoteFlinkCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A running cdcbridge server: embedded services (optional), a Flink cluster (embedded or remote), the engine
 * and the control plane with its REST API. What {@code cdcbridge server}, the demo and the tests start.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * How to start a stack; {@code rest}: where the REST API listens, with which tokens, whether over TLS;
     * {@code keepEmbedded}: the embedded services' data, ports and passwords kept in {@code <workspace>/embedded}
     * (else a throw-away stack); {@code verifyMemoryMib}: the memory verify's topic comparison sorts in.
     */
    public record Options(Path workspace, RestSettings rest, String embedded, String flinkRest,
                          Map<String, String> defaults, Map<String, String> variables, boolean keepEmbedded,
                          StateDir stateDir, int verifyMemoryMib) {

        public Options {
            if (verifyMemoryMib <= 0) throw new IllegalArgumentException("--verify-memory must be a positive number of MiB, not " + verifyMemoryMib);
            defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
            variables = variables == null ? Map.of() : Map.copyOf(variables);
        }

        /** Keeping checkpoints and savepoints in the workspace, verify's topic comparison in its default memory. */
        public Options(Path workspace, RestSettings rest, String embedded, String flinkRest,
                       Map<String, String> defaults, Map<String, String> variables, boolean keepEmbedded) {
            this(workspace, rest, embedded, flinkRest, defaults, variables, keepEmbedded, null,
                    StatementVerification.DEFAULT_TOPIC_MEMORY_MIB);
        }

        /** With fresh, throw-away embedded services. */
        public Options(Path workspace, RestSettings rest, String embedded, String flinkRest,
                       Map<String, String> defaults, Map<String, String> variables) {
            this(workspace, rest, embedded, flinkRest, defaults, variables, false);
        }

        /** A stack on 127.0.0.1 and any free port with the given workspace and embedded services. */
        public static Options local(Path workspace, String embedded) {
            return new Options(workspace, RestSettings.loopback(0), embedded, null, Map.of(), Map.of(), false);
        }

        /** The same, with default properties for every new statement. */
        public Options withDefaults(Map<String, String> d) {
            return new Options(workspace, rest, embedded, flinkRest, d, variables, keepEmbedded, stateDir, verifyMemoryMib);
        }

        /** The same, with variables the server provides to scripts (e.g. services started elsewhere). */
        public Options withVariables(Map<String, String> v) {
            return new Options(workspace, rest, embedded, flinkRest, defaults, v, keepEmbedded, stateDir, verifyMemoryMib);
        }

        /** The same, with the REST API listening as {@code r} says. */
        public Options withRest(RestSettings r) {
            return new Options(workspace, r, embedded, flinkRest, defaults, variables, keepEmbedded, stateDir, verifyMemoryMib);
        }

        /** The same, with the embedded services kept in the workspace across restarts, as a server keeps them. */
        public Options withEmbeddedKept() {
            return new Options(workspace, rest, embedded, flinkRest, defaults, variables, true, stateDir, verifyMemoryMib);
        }

        /** The same, new statements keeping their checkpoints and savepoints under {@code dir} (null: the workspace). */
        public Options withStateDir(StateDir dir) {
            return new Options(workspace, rest, embedded, flinkRest, defaults, variables, keepEmbedded, dir, verifyMemoryMib);
        }

        /** The same, verify's topic comparison sorting in {@code mib} MiB (beyond it: sorted runs on disk). */
        public Options withVerifyMemory(int mib) {
            return new Options(workspace, rest, embedded, flinkRest, defaults, variables, keepEmbedded, stateDir, mib);
        }

        /** Where kept embedded services live. */
        public Path embeddedHome() {
            return workspace.resolve("embedded");
        }
    }

    private final WorkspaceLock lock;
    private final EmbeddedServices services;
    private final FlinkCluster cluster;
    private final FlinkEngine engine;
    private final ControlPlane plane;
    private final Map<String, String> variables;

    private LocalStack(WorkspaceLock lock, EmbeddedServices services, FlinkCluster cluster, FlinkEngine engine,
                       ControlPlane plane, Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
        this.lock = lock;
        this.services = services;
        this.cluster = cluster;
        this.engine = engine;
        this.plane = plane;
    }

    /**
     * Starts the stack; on a failure stops what had started and rethrows.
     *
     * @throws WorkspaceLock.HeldException before anything started or was read, if another server holds the workspace
     */
    public static LocalStack start(Options o) throws Exception {
        WorkspaceLock lock = WorkspaceLock.acquire(o.workspace());
        EmbeddedServices services = null;
        FlinkCluster cluster = null;
        FlinkEngine engine = null;
        CompletableFuture<LocalFlinkCluster> local = null;
        try {
            Path tmp = WorkspaceTemp.prepare(o.workspace());
            // the embedded Flink cluster starts beside the embedded services: a stack is up as soon as the slower is
            if (o.flinkRest() == null) {
                local = CompletableFuture.supplyAsync(() -> LocalFlinkCluster.start(LocalFlinkCluster.DEFAULT_SLOTS, tmp), task -> {
                    Thread t = new Thread(task, "cdcbridge-flink-start");
                    t.setDaemon(true);
                    t.start();
                });
            }
            services = o.embedded() == null || o.embedded().isBlank() ? null
                    : EmbeddedServices.start(o.embedded(), o.keepEmbedded() ? o.embeddedHome() : null);
            cluster = local != null ? join(local) : new RemoteFlinkCluster(o.flinkRest(), tmp);
            local = null;
            engine = new FlinkEngine(cluster);
            Map<String, String> vars = new LinkedHashMap<>(o.variables());
            if (services != null) vars.putAll(services.variables());
            Workspace workspace = Workspace.open(o.workspace());
            StateDir stateDir = o.stateDir() != null ? o.stateDir() : StateDir.of(workspace.root());
            StateStorage.check(stateDir.uri());
            ControlPlane plane = new ControlPlane(workspace, engine, vars, o.defaults(), stateDir)
                    .withVerifier(new JdbcTableVerifier(), o.verifyMemoryMib()).start(o.rest());
            lock.serving(plane.url());
            return new LocalStack(lock, services, cluster, engine, plane, vars);
        } catch (Exception | Error e) {
            if (local != null) {
                try {
                    cluster = join(local);
                } catch (RuntimeException | Error alsoFailed) {
                    if (alsoFailed != e) e.addSuppressed(alsoFailed);
                }
            }
            closeQuietly(engine);
            closeQuietly(cluster);
            closeQuietly(services);
            closeQuietly(lock);
            throw e;
        }
    }

    // the cluster, or what stopped it from starting as it was thrown
    private static LocalFlinkCluster join(CompletableFuture<LocalFlinkCluster> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    public ControlPlane plane() {
        return plane;
    }

    /** The embedded services, or null when none were asked for. */
    public EmbeddedServices services() {
        return services;
    }

    /** Where the stack's Kafka answers: the embedded broker, else the {@code KAFKA_BOOTSTRAP_SERVERS} it was given. */
    public String kafkaBootstrap() {
        String bootstrap = variables.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null) throw new IllegalStateException("this stack has no Kafka: neither embedded nor given as KAFKA_BOOTSTRAP_SERVERS");
        return bootstrap;
    }

    public String url() {
        return plane.url();
    }

    public String engineDescription() {
        return engine.describe();
    }

    @Override
    public void close() {
        closeQuietly(plane);
        closeQuietly(engine);
        closeQuietly(cluster);
        closeQuietly(services);
        // last, as Flink may write checkpoints until its cluster stops
        plane.workspace().restrictPermissions();
        closeQuietly(lock);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("warning: stopping " + c.getClass().getSimpleName() + " failed: " + e.getMessage());
        }
    }
}
