package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.demo.OrdersEvolutionDemo;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.Events;
import io.cdcbridge.cli.topic.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdcbridge demo evolution} (examples/orders-evolution) on real Kafka and Flink: what each strategy left on the topics. */
class OrdersEvolutionDemoTest {

    @TempDir
    Path workspace;

    @Test
    void theWalkThroughRunsEveryStrategy() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, "kafka")
                .withDefaults(Map.of("execution.checkpointing.interval", "1s")));
             PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            new OrdersEvolutionDemo(stack, out).run();
            String printed = buffer.toString(StandardCharsets.UTF_8);
            System.out.println(printed);
            String bootstrap = stack.services().kafka().bootstrapServers();
            assertThat(printed).contains("refused: carry-over needs a stateless statement");
            assertThat(Events.latest(TopicReader.all(bootstrap, "orders_with_customers_v1", Duration.ofSeconds(1)))).isEqualTo(Map.of(
                    "{\"order_id\":101}", "{\"order_id\":101,\"product\":\"keyboard\",\"price_minor\":4990,\"customer_id\":1,\"customer_name\":\"Ada Lovelace\"}",
                    "{\"order_id\":102}", "{\"order_id\":102,\"product\":\"monitor\",\"price_minor\":19900,\"customer_id\":2,\"customer_name\":\"Grace Hopper\"}",
                    "{\"order_id\":103}", "{\"order_id\":103,\"product\":\"mouse\",\"price_minor\":1999,\"customer_id\":2,\"customer_name\":\"Grace B. Hopper\"}"));
        }
    }
}
