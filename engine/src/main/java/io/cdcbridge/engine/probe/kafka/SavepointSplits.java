package io.cdcbridge.engine.probe.kafka;

import io.cdcbridge.engine.probe.SavepointSourceSplits;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerialization;

/**
 * The positions of the Kafka source splits kept in a savepoint: per topic and partition, the next offset the source
 * would have read. Exact where the consumer group's committed offsets are not: the source commits them only after a
 * checkpoint completes, asynchronously, and a stop with savepoint may end the job before that commit is made.
 */
public final class SavepointSplits {

    private SavepointSplits() {}

    /** topic -> partition -> next offset, for every Kafka split in the savepoint at {@code path} with a known offset. */
    public static Map<String, Map<Integer, Long>> read(String path) throws IOException {
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        KafkaPartitionSplitSerializer serializer = new KafkaPartitionSplitSerializer();
        for (KafkaPartitionSplit split : SavepointSourceSplits.read(path, element -> kafkaSplit(serializer, element))) {
            // a negative offset is a marker (earliest, latest): the source had read nothing there
            if (split.getStartingOffset() >= 0) {
                out.computeIfAbsent(split.getTopic(), t -> new TreeMap<>()).put(split.getPartition(), split.getStartingOffset());
            }
        }
        return out;
    }

    // null for a split of another source (Postgres CDC, say), which this serializer cannot read
    private static KafkaPartitionSplit kafkaSplit(KafkaPartitionSplitSerializer serializer, byte[] element) {
        try {
            return SimpleVersionedSerialization.readVersionAndDeSerialize(serializer, element);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
