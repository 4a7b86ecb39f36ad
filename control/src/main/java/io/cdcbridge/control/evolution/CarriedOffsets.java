package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.control.statement.StatementException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** v1's offsets as option hints that start v2's sources exactly there ({@code scan.startup.mode} = specific-offsets). */
final class CarriedOffsets {

    private CarriedOffsets() {}

    /** Per v2 source table, the hints that start it at the offsets v1 reached on the same topic. */
    static Map<String, Map<String, String>> hints(List<TableShape> sources, List<SourceOffset> offsets) {
        Map<String, Map<Integer, Long>> byTopic = new LinkedHashMap<>();
        for (SourceOffset o : offsets) {
            if (o.position() instanceof SourcePosition.Unknown u) {
                throw new StatementException("the offsets of v1's source '" + o.table() + "' are unknown: " + u.reason());
            }
            if (o.position() instanceof SourcePosition.KafkaOffsets k) {
                byTopic.computeIfAbsent(k.topic(), t -> new TreeMap<>()).putAll(k.partitions());
            }
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (TableShape t : sources) {
            Map<Integer, Long> parts = byTopic.get(t.options().get("topic"));
            if (parts == null || parts.isEmpty()) continue;
            String spec = SourcePosition.KafkaOffsets.specificOffsets(parts);
            // in this order, so a statement's hint reads the same every time
            Map<String, String> hint = new LinkedHashMap<>();
            hint.put("scan.startup.mode", "specific-offsets");
            hint.put("scan.startup.specific-offsets", spec);
            out.put(t.name(), hint);
        }
        return out;
    }

    /** Hints of the right shape without offsets, to check at planning that each source can carry one. */
    static Map<String, Map<String, String>> sample(List<TableShape> sources) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (TableShape t : sources) out.put(t.name(), Map.of("scan.startup.mode", "specific-offsets"));
        return out;
    }

    /** The hints in one line, for the progress. */
    static String describe(Map<String, Map<String, String>> hints) {
        if (hints.isEmpty()) return "each table's own startup mode (v1 acknowledged no offsets)";
        return hints.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().get("scan.startup.specific-offsets"))
                .collect(Collectors.joining(", "));
    }
}
