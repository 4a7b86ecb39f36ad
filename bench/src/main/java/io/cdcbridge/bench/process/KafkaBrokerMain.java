package io.cdcbridge.bench.process;

import io.cdcbridge.embedded.EmbeddedKafka;
import java.io.IOException;

/**
 * The main class of the Kafka broker the Kafka-path benchmarks start in a JVM of its own (as Kafka runs in production),
 * so that its memory is measured apart from the pipelines': the embedded KRaft broker, its address printed as
 * {@code bootstrap=host:port}; it stops when its standard input closes (the bench ended, or died).
 */
public final class KafkaBrokerMain {

    static final String READY_PREFIX = "bootstrap=";

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws IOException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.println(READY_PREFIX + kafka.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing is sent: end of input is the signal to stop
            }
        }
        System.exit(0);
    }
}
