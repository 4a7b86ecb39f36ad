package io.cdcbridge.bench.chaos;

import io.cdcbridge.bench.process.BrokerProcess;
import io.cdcbridge.bench.process.ServerUnderTest;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.TcpProxy;
import java.time.Duration;
import java.util.List;

/** One kind of fault of {@code bench/run chaos}, played on the running services; the recovery is timed from its start. */
enum ChaosFault {
    /** The server SIGKILLed and started again on its workspace. */
    KILL("kill", List.of()) {
        @Override
        void play(Services s) throws Exception {
            s.server().kill();
            s.server().start();
        }
    },
    /** The source PostgreSQL shut down cleanly (a fast shutdown) and started again. */
    SOURCE_RESTART("source-restart", List.of()) {
        @Override
        void play(Services s) {
            s.source().suspend();
            s.source().resume();
        }
    },
    /** The source's postmaster SIGKILLed, then started again (crash recovery from its WAL). */
    SOURCE_CRASH("source-crash", List.of()) {
        @Override
        void play(Services s) {
            s.source().crash();
            s.source().resume();
        }
    },
    /** Both target databases down for the outage's length. */
    TARGET_DOWN("target-down", List.of()) {
        @Override
        void play(Services s) throws Exception {
            s.target().suspend();
            s.mariadb().suspend();
            Thread.sleep(s.outage().toMillis());
            s.target().resume();
            s.mariadb().resume();
        }
    },
    /** The Kafka broker's JVM stopped (SIGTERM) and started again on its data. */
    BROKER_RESTART("broker-restart", List.of("kafka-mariadb")) {
        @Override
        void play(Services s) throws Exception {
            s.broker().stop();
            s.broker().start();
        }
    },
    /** Every connection between the pipeline and the databases and the broker dropped at once. */
    PROXY_CUT("proxy-cut", List.of()) {
        @Override
        void play(Services s) {
            s.proxies().forEach(TcpProxy::cut);
        }
    },
    /** Every byte between the pipeline and the databases and the broker held for the stall's length, connections left open. */
    PROXY_STALL("proxy-stall", List.of()) {
        @Override
        void play(Services s) throws Exception {
            s.proxies().forEach(p -> p.stall(true));
            Thread.sleep(s.stall().toMillis());
            s.proxies().forEach(p -> p.stall(false));
        }
    };

    static final List<String> NAMES = java.util.Arrays.stream(values()).map(f -> f.name).toList();

    /** What a fault acts on. */
    record Services(ServerUnderTest server, EmbeddedPostgres source, EmbeddedPostgres target, EmbeddedMariaDb mariadb,
                    BrokerProcess broker, List<TcpProxy> proxies, Duration outage, Duration stall) {}

    private final String name;
    private final List<String> only;

    ChaosFault(String name, List<String> only) {
        this.name = name;
        this.only = only;
    }

    static ChaosFault of(String name) {
        for (ChaosFault f : values()) if (f.name.equals(name)) return f;
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + NAMES);
    }

    /** Whether a pipeline that runs goes through what this fault touches. */
    boolean appliesTo(List<String> pipelines) {
        return only.isEmpty() || pipelines.stream().anyMatch(only::contains);
    }

    abstract void play(Services s) throws Exception;
}
