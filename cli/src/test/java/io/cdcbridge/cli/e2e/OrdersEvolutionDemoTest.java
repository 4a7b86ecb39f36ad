package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.DemoCommand;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.Events;
import io.cdcbridge.cli.topic.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdcbridge demo evolution} (examples/orders-evolution) on real Kafka and Flink: what each strategy left on the topics. */
@Tag("integration")
class OrdersEvolutionDemoTest {

    @TempDir
    Path workspace;

    private static java.util.List<String> values(String bootstrap, String topic) {
        return TopicReader.all(bootstrap, topic, Duration.ofSeconds(1)).stream().map(io.cdcbridge.cli.topic.TopicRecord::value).toList();
    }

    @Test
    void theWalkThroughRunsEveryStrategy() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, "kafka")
                .withDefaults(Map.of("execution.checkpointing.interval", "1s")));
             PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            // as `cdcbridge demo evolution` runs it
            DemoCommand.Scenario.EVOLUTION.play(stack, out);
            String printed = buffer.toString(StandardCharsets.UTF_8);
            System.out.println(printed);
            String bootstrap = stack.services().kafka().bootstrapServers();
            assertThat(printed).contains("refused: carry-over needs a stateless statement",
                    "== Blue/green: a new table version, caught up, then v1 stops",
                    "== A router, then carry-over: v2 continues at v1's offsets, every event once",
                    "== Reprocess from a point in time: a new table with the shipments since the second batch",
                    "== In place: the same keyed table, from v1's savepoint");
            assertThat(Events.latest(TopicReader.all(bootstrap, "orders_with_customers_v1", Duration.ofSeconds(1)))).isEqualTo(Map.of(
                    "{\"order_id\":101}", "{\"order_id\":101,\"product\":\"keyboard\",\"price_minor\":4990,\"customer_id\":1,\"customer_name\":\"Ada Lovelace\"}",
                    "{\"order_id\":102}", "{\"order_id\":102,\"product\":\"monitor\",\"price_minor\":19900,\"customer_id\":2,\"customer_name\":\"Grace Hopper\"}",
                    "{\"order_id\":103}", "{\"order_id\":103,\"product\":\"mouse\",\"price_minor\":1999,\"customer_id\":2,\"customer_name\":\"Grace B. Hopper\"}"));
            // the router's carry-over: every shipment event once across v1 and v2
            assertThat(values(bootstrap, "shipments")).containsExactly(
                    "{\"event_id\":\"e3\",\"order_id\":101,\"carrier\":\"dhl\"}",
                    "{\"event_id\":\"e5\",\"order_id\":102,\"carrier\":\"ups\"}",
                    "{\"event_id\":\"e7\",\"order_id\":103,\"carrier\":\"dhl\"}",
                    "{\"event_id\":\"e8\",\"order_id\":104,\"carrier\":\"fedex\"}");
            // reprocess from the second batch on, then the third batch live
            assertThat(values(bootstrap, "shipments_v3")).containsExactly(
                    "{\"event_id\":\"e7\",\"order_id\":103,\"carrier\":\"DHL\"}",
                    "{\"event_id\":\"e8\",\"order_id\":104,\"carrier\":\"FEDEX\"}",
                    "{\"event_id\":\"e10\",\"order_id\":105,\"carrier\":\"UPS\"}");
            // in place: v2_2 carried on with v2_1's join state; what it emitted since has upper-cased products
            Map<String, String> v2 = Events.latest(TopicReader.all(bootstrap, "orders_with_customers_v2", Duration.ofSeconds(1)));
            assertThat(v2).hasSize(5);
            assertThat(v2.get("{\"order_id\":101}")).isEqualTo("{\"order_id\":101,\"product\":\"keyboard\",\"price_minor\":4990,"
                    + "\"customer_id\":1,\"customer_name\":\"Ada Lovelace\",\"country\":\"GB\"}");
            assertThat(v2.get("{\"order_id\":105}")).isEqualTo("{\"order_id\":105,\"product\":\"HEADSET\",\"price_minor\":8950,"
                    + "\"customer_id\":1,\"customer_name\":\"Ada Lovelace\",\"country\":\"GB\"}");
        }
    }
}
