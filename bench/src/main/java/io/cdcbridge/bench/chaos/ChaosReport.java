package io.cdcbridge.bench.chaos;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The report of {@code bench/run chaos}: the setup, recovery times per fault and pipeline, and the final comparison. */
record ChaosReport(List<String> scenarios, List<String> pipelines, int kills, int repeat, long changesAsked, long changes, int rate, long initialRows,
                   int outageSeconds, int stallSeconds, long seed, List<ChaosRecovery> recoveries,
                   Map<String, ChaosComparison> results, String loadBefore, String loadAfter, Duration took, long failedTransactions) {

    boolean allEqual() {
        return results.values().stream().allMatch(c -> c.result.equal())
                && recoveries.stream().allMatch(r -> !r.runningMs().containsValue(-1L) && !r.caughtUpMs().containsValue(-1L));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# bench/run chaos, ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        md.append("```\nbench/run chaos --scenarios ").append(String.join(",", scenarios)).append(" --pipelines ")
                .append(String.join(",", pipelines)).append(" --kills ").append(kills).append(" --repeat ").append(repeat)
                .append(" --changes ").append(changesAsked).append(" --rate ").append(rate).append(" --initial-rows ").append(initialRows)
                .append(" --outage-seconds ").append(outageSeconds).append(" --stall-seconds ").append(stallSeconds)
                .append(" --seed ").append(seed).append("\n```\n\n");
        md.append("Machine load: ").append(loadBefore).append(" at the start, ").append(loadAfter)
                .append(" at the end (2 cores shared with other work: the times are taken under load). Took ")
                .append(took.toMinutes()).append(" min; ").append(changes).append(" changes streamed (")
                .append(failedTransactions).append(" load transactions failed during source faults and were retried)").append(".\n\n");
        md.append("Recovery, from the fault's start: to every statement of the pipeline RUNNING, and to its target holding the newest key"
                + " the source had committed when the fault was over (p50 / max over the faults played).\n\n");
        md.append("| fault | played | pipeline | RUNNING p50 | RUNNING max | caught up p50 | caught up max |\n|---|---|---|---|---|---|---|\n");
        for (String scenario : scenarios) {
            List<ChaosRecovery> of = recoveries.stream().filter(r -> r.scenario().equals(scenario)).toList();
            if (of.isEmpty()) continue;
            for (String p : of.get(0).runningMs().keySet()) {
                List<Long> running = new ArrayList<>(of.stream().map(r -> r.runningMs().get(p)).toList());
                List<Long> caught = new ArrayList<>(of.stream().map(r -> r.caughtUpMs().get(p)).toList());
                md.append("| ").append(scenario).append(" | ").append(of.size()).append(" | ").append(p).append(" | ")
                        .append(p50(running)).append(" | ").append(max(running)).append(" | ")
                        .append(p50(caught)).append(" | ").append(max(caught)).append(" |\n");
            }
        }
        md.append("\nEach target against the source, row by row, after the load stopped:\n\n");
        md.append("| pipeline | source rows | rows equal | missing | extra | differing | replayed |\n|---|---|---|---|---|---|---|\n");
        results.forEach((p, c) -> md.append("| ").append(p).append(" | ").append(c.sourceRows).append(" | ").append(c.result.rows() - c.result.different())
                .append(" | ").append(c.result.missing()).append(" | ").append(c.result.extra()).append(" | ").append(c.result.different())
                .append(" | ").append(c.replayed < 0 ? "n/a" : c.replayed + " topic records written twice").append(" |\n"));
        results.forEach((p, c) -> {
            if (!c.result.equal()) md.append("\n").append(p).append(": ").append(c.result).append("\n");
        });
        md.append("\nEvery fault, in order:\n\n");
        for (ChaosRecovery r : recoveries) md.append("- ").append(r.scenario()).append(" ").append(r.index()).append(": ").append(r).append("\n");
        return md.toString();
    }

    private static String p50(List<Long> ms) {
        if (ms.contains(-1L)) return "not recovered";
        Collections.sort(ms);
        return ChaosRecovery.seconds(ms.get((ms.size() - 1) / 2));
    }

    private static String max(List<Long> ms) {
        if (ms.contains(-1L)) return "not recovered";
        return ChaosRecovery.seconds(Collections.max(ms));
    }
}
