package io.cdcbridge.connectors.kafkaclient;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings of every Kafka writer cdcbridge's connectors own (Debezium's envelope, dead letters), each
 * taken only where the user's {@code properties.*} do not say otherwise.
 */
public final class ProducerDefaults {

    private ProducerDefaults() {}

    /** Adds the defaults to the user's producer properties. */
    public static Properties apply(Properties p) {
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        // keeps the events of a key in order across retries
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // change events come in bursts of a transaction's rows: a short wait and large batches make few produce
        // requests, which is most of what the broker spends (Kafka's defaults, 0-5 ms and 16 KiB, fill a batch with
        // four events of a wide table); 20 ms is well inside the lag anyone reads from a topic
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        return p;
    }
}
