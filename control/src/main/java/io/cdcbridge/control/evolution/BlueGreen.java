package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.SourceStartup;
import io.cdcbridge.control.statement.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Blue/green: v2 and its new table version read from the start of their sources (or from {@code --from}), v2 catches
 * up, then v1 stops with a savepoint (unless {@code --no-stop}); consumers switch tables.
 */
class BlueGreen implements EvolutionStrategy {

    @Override
    public void check(EvolutionRequest req, Long fromMillis) {
        // a start time is welcome
    }

    @Override
    public EvolutionPlan plan(Draft d) {
        List<String> steps = new ArrayList<>();
        List<String> consumers = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Long from = d.fromMillis();
        String startsFrom = from == null ? "the start of its sources (each table's scan.startup.mode)"
                : "timestamp " + Instant.ofEpochMilli(from) + " (" + from + ") on every Kafka source, through " + SourceStartup.MODE;
        steps.add("create " + d.v2Name() + " writing " + String.join(", ", d.v2SinkNames()) + ", reading from " + startsFrom);
        steps.add("watch " + d.v2Name() + " until it is at most " + d.req().maxBehind() + " messages behind its sources");
        String stops = !d.v1Running() ? d.v1Name() + " is stopped already"
                : d.req().noStop() ? d.v1Name() + " is left running (--no-stop): stop it once consumers switched"
                : d.v1Name() + " stops with a savepoint once v2 caught up";
        if (d.v1Running() && !d.req().noStop()) steps.add("stop " + d.v1Name() + " with a savepoint");
        Consumers.switchTables(d.v1Sinks(), d.v2().sinks(), consumers, warnings, "reading it from the earliest offset");
        if (from != null) warnings.addAll(Windows.cutWarnings(d.v2().plan().statefulOperators(), from));
        return d.plan(stops, startsFrom, steps, consumers, warnings);
    }

    @Override
    public void execute(Draft d, EvolutionSteps steps) {
        steps.create(d.fromTime(), d.fromMillis() == null ? "the start of its sources"
                : "timestamp " + Instant.ofEpochMilli(d.fromMillis()));
        steps.awaitV2CaughtUp();
        Statement v1 = steps.v1();
        if (!d.req().noStop() && v1.status().phase().wantsJob()) steps.stopV1();
        else steps.progress("v1 '" + v1.name() + "' left " + v1.status().phase());
    }
}
