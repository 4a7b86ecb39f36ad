package io.cdcbridge.cli.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How long a read goes on: what the topic held when asked is read however late its first fetch comes. */
class TopicReaderTest {

    static final TopicPartition PARTITION = new TopicPartition("slow", 0);

    @Test
    void theRecordsATopicHoldsAreReadEvenWhenTheFirstPollsComeBackEmpty() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updatePartitions("slow", List.of(new PartitionInfo("slow", 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, 3L));
        // a loaded machine: the fetch of the three records comes back only at the third poll
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < 3; i++) consumer.addRecord(new ConsumerRecord<>("slow", 0, i, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
        });

        List<String> read = new ArrayList<>();
        int count = TopicReader.read(consumer, "broker:9092", "slow", true, 0, Duration.ZERO,
                r -> read.add(new String(r.value(), StandardCharsets.UTF_8)));

        assertThat(count).isEqualTo(3);
        assertThat(read).containsExactly("v0", "v1", "v2");
    }
}
