package io.cdcbridge.embedded.junit;

import io.cdcbridge.embedded.EmbeddedKafka;

/**
 * The embedded Kafka broker shared by every test class of a run that asks for it:
 * {@code @ExtendWith(KafkaExtension.class)}, then an {@code EmbeddedKafka} parameter. Test classes keep to topic
 * and group names of their own.
 */
public final class KafkaExtension extends SharedService<EmbeddedKafka> {

    public KafkaExtension() {
        super(EmbeddedKafka.class, EmbeddedKafka::start);
    }
}
