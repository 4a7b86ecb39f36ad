package io.cdcbridge.engine.connector;

import io.cdcbridge.control.engine.ConnectorDescription;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.SourceStartup;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.engine.probe.ConnectorProbe;
import io.cdcbridge.engine.probe.SourceCheck;
import io.cdcbridge.engine.session.FlinkSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The tables one statement reads and writes, worked out once from its snapshot of definitions: each with its
 * connector (description and probe) and its options as the statement's job reads them (the table's, cdcbridge's
 * defaults, and what the statement sets: its consumer group, its {@code sql.tables.scan.startup.*} properties).
 */
public final class StatementSources {

    /** One table of the statement, its connector, and the options its job reads it with. */
    public record Table(String name, KnownConnector connector, Map<String, String> options, Map<String, String> statementOptions) {

        ConnectorProbe probe() {
            return connector.probe();
        }
    }

    private final List<Table> sources;
    private final List<Table> sinks;

    private StatementSources(List<Table> sources, List<Table> sinks) {
        this.sources = List.copyOf(sources);
        this.sinks = List.copyOf(sinks);
    }

    /** The statement's tables as {@code session} (holding the statement's definitions) resolves them. */
    public static StatementSources resolve(FlinkSession session, StatementJob job, KnownConnectors known) {
        List<Table> sources = new ArrayList<>();
        List<String> read = session.sources(job.statement());
        for (String t : read) sources.add(table(session, t, job, known, true));
        List<Table> sinks = new ArrayList<>();
        for (String t : session.sinks(job.statement())) {
            if (!read.contains(t)) sinks.add(table(session, t, job, known, false));
        }
        return new StatementSources(sources, sinks);
    }

    private static Table table(FlinkSession session, String name, StatementJob job, KnownConnectors known, boolean source) {
        Map<String, String> options = session.options(name).orElse(Map.of());
        KnownConnector connector = known.find(options.get("connector"))
                .orElse(new KnownConnector(null, ConnectorProbe.NONE));
        Map<String, String> set = new LinkedHashMap<>();
        if (source) {
            set.putAll(connector.probe().statementOptions(job.name(), options));
            set.putAll(startup(connector.description(), job.properties()));
        }
        Map<String, String> asRead = new LinkedHashMap<>(options);
        asRead.putAll(set);
        return new Table(name, connector, asRead, set);
    }

    // the statement's startup properties reach every source whose connector takes that mode
    private static Map<String, String> startup(ConnectorDescription d, Map<String, String> properties) {
        String mode = properties.get(SourceStartup.MODE);
        if (mode == null || d == null || !d.startupModes().contains(mode)) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("scan.startup.mode", mode);
        String millis = properties.get(SourceStartup.TIMESTAMP_MILLIS);
        if (millis != null) out.put("scan.startup.timestamp-millis", millis);
        return out;
    }

    /** The tables the statement writes and does not read. */
    public List<Table> sinks() {
        return sinks;
    }

    /** The tables the statement reads. */
    public List<Table> sources() {
        return sources;
    }

    /**
     * Checks every source and every table it only writes in its system, and that each source's system still holds
     * where the job reads from ({@code restoreFrom}: the savepoint or checkpoint it restores, or null); the first
     * problem is thrown.
     */
    public void preflight(String restoreFrom) throws EngineException {
        for (Table t : sources) t.probe().preflight(t.name(), t.options(), true);
        for (Table t : sources) t.probe().preflightPosition(t.name(), t.options(), restoreFrom);
        for (Table t : sinks) t.probe().preflight(t.name(), t.options(), false);
    }

    /** Makes what each source needs in its system as the job starts (a Kafka topic nothing was published to yet). */
    public void prepareSources() throws EngineException {
        for (Table t : sources) t.probe().prepareSource(t.name(), t.options());
    }

    /**
     * A check per source system that can be watched while the job runs (see {@link ConnectorProbe#check}): sources
     * in one system (the tables of one database) share one.
     */
    public List<SourceCheck> checks() {
        Map<Object, SourceCheck> out = new LinkedHashMap<>();
        for (Table t : sources) t.probe().check(t.name(), t.options()).ifPresent(c -> out.putIfAbsent(c.system(), c));
        return List.copyOf(out.values());
    }

    /** The options the statement sets on its sources, per table, for its job. */
    public Map<String, Map<String, String>> statementOptions() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Table t : sources) {
            if (!t.statementOptions().isEmpty()) out.put(t.name(), t.statementOptions());
        }
        return out;
    }

    /** The positions each source's system acknowledges now. */
    public List<SourceOffset> offsets() {
        List<SourceOffset> out = new ArrayList<>();
        for (Table t : sources) out.addAll(t.probe().offsets(t.name(), t.options()));
        return out;
    }

    /** Where each source stood in a savepoint of the statement's job, as far as its probe can read it. */
    public List<SourceOffset> savepointOffsets(String savepoint) {
        List<SourceOffset> out = new ArrayList<>();
        for (Table t : sources) out.addAll(t.probe().savepointOffsets(t.name(), t.options(), savepoint));
        return out;
    }

    /** How far the statement is behind on each source that keeps a position, as the source's system tells it. */
    public List<SourceLag> lag() {
        List<SourceLag> out = new ArrayList<>();
        // the tables that read one replication slot are as far behind as it: asked once (every 5 s), not once a table
        Map<List<String>, SourceLag> bySlot = new HashMap<>();
        for (Table t : sources) {
            ConnectorDescription d = t.connector().description();
            // a table with no position (an unknown connector, a bounded JDBC scan) is never behind
            if (d == null || d.position() == ConnectorDescription.Position.NONE) continue;
            List<String> slot = new ArrayList<>(t.probe().holds(t.name(), t.options()));
            SourceLag known = slot.isEmpty() ? null : bySlot.get(withServer(slot, t));
            if (known != null) {
                out.add(known.of(t.name()));
                continue;
            }
            SourceLag lag = t.probe().lag(t.name(), t.options())
                    .orElse(SourceLag.unknown(t.name(), t.options().get("connector"), "its system does not tell"));
            if (!slot.isEmpty()) bySlot.put(withServer(slot, t), lag);
            out.add(lag);
        }
        return out;
    }

    // what a table holds (keyed without the host, see ConnectorProbe#holds) on the server it names
    private static List<String> withServer(List<String> held, Table t) {
        List<String> key = new ArrayList<>(held);
        key.add(t.options().get("hostname") + ":" + t.options().get("port"));
        return key;
    }

    /** The sum of the messages each source holds that the statement has not acknowledged; empty if any cannot tell. */
    public OptionalLong messagesBehind() {
        List<SourceLag> lag = lag();
        if (lag.isEmpty() || lag.stream().anyMatch(l -> l.messagesBehind() == null)) return OptionalLong.empty();
        return OptionalLong.of(lag.stream().mapToLong(SourceLag::messagesBehind).sum());
    }

    /** What each source holds between jobs (a replication slot), by key, with the table that holds it. */
    public Map<String, Table> held() {
        Map<String, Table> out = new LinkedHashMap<>();
        for (Table t : sources) {
            for (String key : t.probe().holds(t.name(), t.options())) out.putIfAbsent(key, t);
        }
        return out;
    }

    /** Frees what {@link #held} names under {@code key}. */
    public static List<String> release(Table t) {
        return t.probe().release(t.name(), t.options());
    }

    /** Positions given when the sources cannot be worked out at all. */
    public static List<SourceOffset> unknown(String why) {
        return List.of(new SourceOffset("*", "?", new SourcePosition.Unknown(why)));
    }
}
