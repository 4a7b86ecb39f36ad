package io.cdcbridge.control.statement;

import io.cdcbridge.control.engine.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How far a statement has read one source table (of the given connector), as the source's own system keeps it. */
public record SourceOffset(String table, String connector, SourcePosition position) {

    public SourceOffset {
        Objects.requireNonNull(position, "position");
    }

    /**
     * The same offsets with the Kafka offsets of one table and topic in one entry (positions stored before they were
     * typed held one partition each); order kept.
     */
    public static List<SourceOffset> merged(List<SourceOffset> offsets) {
        Map<List<String>, SourceOffset> kafka = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (SourceOffset o : offsets) {
            if (o.position() instanceof SourcePosition.KafkaOffsets k) {
                List<String> key = List.of(String.valueOf(o.table()), k.topic());
                SourceOffset seen = kafka.get(key);
                if (seen == null) order.add(key);
                kafka.put(key, seen == null ? o : new SourceOffset(o.table(), o.connector(),
                        ((SourcePosition.KafkaOffsets) seen.position()).plus(k)));
            } else {
                order.add(o);
            }
        }
        return order.stream().map(x -> x instanceof SourceOffset o ? o : kafka.get(x)).toList();
    }
}
