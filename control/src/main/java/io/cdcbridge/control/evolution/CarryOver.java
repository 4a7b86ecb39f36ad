package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.ConnectorCatalog;
import io.cdcbridge.control.engine.ConnectorDescription;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.script.Adjustment;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Carry-over: v1 stops with a savepoint, and the offsets its sources reached there start v2's sources
 * ({@code specific-offsets} option hints): exactly once across the switch. Only for a stateless v2 whose sources all
 * take specific offsets, as their connectors' descriptions say.
 */
final class CarryOver implements EvolutionStrategy {

    private final ConnectorCatalog connectors;
    private final StatementService statements;

    CarryOver(ConnectorCatalog connectors, StatementService statements) {
        this.connectors = connectors;
        this.statements = statements;
    }

    @Override
    public EvolutionPlan plan(Draft d) {
        if (!d.v2().plan().stateless()) {
            throw new StatementException("carry-over needs a stateless statement (every output record made from"
                    + " one input record), but " + d.v2Name() + " keeps state in: "
                    + String.join("; ", d.v2().plan().statefulOperators())
                    + ". Use in-place (from v1's savepoint) or blue-green (reprocess) instead");
        }
        for (TableShape t : d.v2().sources()) {
            boolean takesOffsets = !t.view() && t.connector() != null && connectors.connector(t.connector())
                    .map(ConnectorDescription::specificOffsets).orElse(false);
            if (!takesOffsets) {
                throw new StatementException("carry-over starts v2's sources at v1's offsets with"
                        + " 'scan.startup.mode' = 'specific-offsets', which connector '" + t.connector()
                        + "' does not take; v2 reads '" + t.name() + "' (" + t.connector() + ")");
            }
        }
        try {
            OptionHints.add(d.v2().statement(), CarriedOffsets.sample(d.v2().sources()));
        } catch (IllegalArgumentException e) {
            throw new StatementException("carry-over: " + e.getMessage());
        }
        boolean running = d.v1Running();
        List<String> steps = new ArrayList<>();
        List<String> consumers = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String stops = running ? d.v1Name() + " stops first, with a savepoint; the offsets its sources reached are where v2 starts"
                : d.v1Name() + " is stopped already; v2 starts at the offsets it recorded";
        String startsFrom = "the offsets " + d.v1Name() + " reached, per topic and partition, through"
                + " 'scan.startup.mode' = 'specific-offsets' hints" + (running ? currentOffsets(d.v1().name()) : "");
        if (running) steps.add("stop " + d.v1Name() + " with a savepoint and take its sources' offsets");
        steps.add("create " + d.v2Name() + " with those offsets as option hints on "
                + String.join(", ", Draft.names(d.v2().sources())));
        steps.add("watch " + d.v2Name() + " until it is at most " + d.req().maxBehind() + " messages behind its sources");
        Consumers.switchTables(d.v1Sinks(), d.v2().sinks(), consumers, warnings, "reading it from the earliest offset:"
                + " v1's output then v2's hold every input record exactly once");
        for (String t : d.v2SinkNames()) {
            if (d.v1SinkNames().contains(t)) consumers.add("consumers of '" + t + "' keep reading it: v2 continues where v1"
                    + " stopped, every input record once");
        }
        return d.plan(stops, startsFrom, steps, consumers, warnings);
    }

    @Override
    public void execute(Draft d, EvolutionSteps steps) {
        Statement stopped = steps.stopV1();
        Map<String, Map<String, String>> hints = CarriedOffsets.hints(d.v2().sources(), stopped.status().latestOffsets());
        steps.progress("v2 starts at " + CarriedOffsets.describe(hints));
        steps.createOrResume(new Adjustment(Map.of(), sql -> OptionHints.add(sql, hints)), "v1's offsets");
        steps.awaitV2CaughtUp();
    }

    private String currentOffsets(String v1) {
        List<SourceOffset> now = statements.currentOffsets(v1);
        String shown = now.stream().map(SourceOffset::position).filter(p -> p instanceof SourcePosition.KafkaOffsets)
                .map(p -> (SourcePosition.KafkaOffsets) p)
                .flatMap(k -> k.partitions().entrySet().stream().map(e -> k.topic() + "/" + e.getKey() + ":" + e.getValue()))
                .collect(Collectors.joining(" "));
        return shown.isEmpty() ? "" : " (now at " + shown + ")";
    }
}
