package io.cdcbridge.bench.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

/** A Kafka broker in a JVM of its own ({@link KafkaBrokerMain}), with Kafka's own heap settings (-Xms1g -Xmx1g). */
public final class KafkaBroker implements AutoCloseable {

    private final ChildJvm jvm;
    private final String bootstrap;

    private KafkaBroker(ChildJvm jvm, String bootstrap) {
        this.jvm = jvm;
        this.bootstrap = bootstrap;
    }

    public static KafkaBroker start(Path dir) throws Exception {
        ChildJvm jvm = ChildJvm.start("Kafka", List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC"), System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName(), List.of(), dir.resolve("kafka.log"));
        try {
            return new KafkaBroker(jvm, jvm.awaitLine(KafkaBrokerMain.READY_PREFIX, 120));
        } catch (Exception e) {
            jvm.close();
            throw e;
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** The bytes the topic's partitions hold on disk, and how many records (end offsets). */
    public long[] size(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            long bytes = 0;
            var dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get();
            for (var dir : dirs.get(1).values()) {
                for (var e : dir.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(topic)) bytes += e.getValue().size();
                }
            }
            long records = 0;
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            for (var o : admin.listOffsets(latest).all().get().values()) records += o.offset();
            return new long[] {bytes, records};
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    @Override
    public void close() {
        jvm.close();
    }
}
