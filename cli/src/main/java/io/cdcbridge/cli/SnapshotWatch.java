package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run --wait-snapshot}: follows new statements' samples until each has read its snapshot, showing rows read of
 * the estimate as a bar per statement on a terminal, else a line each time the figures change.
 */
final class SnapshotWatch {

    /** Samples without snapshot figures after which a statement is taken to read none (its sources stream only). */
    static final int SAMPLES_WITHOUT_SNAPSHOT = 3;

    private SnapshotWatch() {}

    /**
     * Follows {@code names} until each read its snapshot or reads none; false when one left RUNNING/PENDING first.
     * {@code out} null: silent ({@code --json}).
     */
    static boolean follow(ServerClient server, List<String> names, PrintStream out, boolean terminal) throws InterruptedException {
        Map<String, TerminalProgress> bars = new LinkedHashMap<>();
        Map<String, String> shown = new HashMap<>();
        Map<String, Set<String>> plainSamples = new HashMap<>();
        Set<String> left = new HashSet<>(names);
        boolean ok = true;
        try {
            while (!left.isEmpty()) {
                for (String name : List.copyOf(left)) {
                    JsonNode m = server.metrics(name).path("latest");
                    if (!m.isObject()) continue; // not sampled yet
                    String phase = m.path("phase").asText();
                    if (!phase.equals("RUNNING") && !phase.equals("PENDING")) {
                        JsonNode st = server.statement(name).path("status");
                        if (out != null) out.println("statement '" + name + "' is " + st.path("phase").asText()
                                + (st.has("detail") ? ": " + st.path("detail").asText() : "") + "; its snapshot was not read");
                        ok = false;
                        left.remove(name);
                        continue;
                    }
                    JsonNode snapshot = m.path("snapshot");
                    if (!snapshot.isObject()) {
                        Set<String> samples = plainSamples.computeIfAbsent(name, n -> new HashSet<>());
                        samples.add(m.path("at").asText());
                        if (samples.size() >= SAMPLES_WITHOUT_SNAPSHOT) {
                            if (out != null) out.println("statement '" + name + "' reads no snapshot");
                            left.remove(name);
                        }
                        continue;
                    }
                    String text = Figures.snapshot(snapshot);
                    if (out != null) {
                        bars.computeIfAbsent(name, n -> TerminalProgress.on(out, terminal, "snapshot " + n, "rows"))
                                .step(snapshot.path("rows_read").asLong(0), snapshot.path("rows_estimated").asLong(0));
                        if (!terminal && !text.equals(shown.put(name, text))) out.println("snapshot of '" + name + "': " + text);
                    }
                    if (snapshot.path("done").asBoolean(false)) {
                        if (terminal && out != null) {
                            bars.remove(name).close();
                            out.println("snapshot of '" + name + "': " + text);
                        }
                        left.remove(name);
                    }
                }
                if (!left.isEmpty()) Thread.sleep(1000);
            }
        } finally {
            bars.values().forEach(TerminalProgress::close);
        }
        return ok;
    }
}
