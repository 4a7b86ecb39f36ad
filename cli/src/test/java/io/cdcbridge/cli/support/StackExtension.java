package io.cdcbridge.cli.support;

import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.embedded.EmbeddedServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LocalStack} (embedded services, Flink, the server, in a workspace of its own) for all tests of a class,
 * started before the first and closed after the last:
 * {@code @RegisterExtension static final StackExtension STACK = new StackExtension("kafka").checkpointingEverySecond();}
 */
public final class StackExtension implements BeforeAllCallback, AfterAllCallback {

    private final String services;
    private final Map<String, String> defaults = new HashMap<>();
    private final Map<String, String> variables = new HashMap<>();
    private Path workspace;
    private LocalStack stack;
    private ServerClient server;

    /** {@code services} as {@code EmbeddedServices} takes them, e.g. {@code "postgres,kafka"}. */
    public StackExtension(String services) {
        this.services = services;
    }

    /** Checkpoints every second: committed offsets (and "messages behind") and restore points move quickly. */
    public StackExtension checkpointingEverySecond() {
        defaults.put("execution.checkpointing.interval", "1s");
        return this;
    }

    /** Variables the server gives scripts besides those of its services. */
    public StackExtension withVariables(Map<String, String> more) {
        variables.putAll(more);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        workspace = Files.createTempDirectory("cdcbridge-" + context.getRequiredTestClass().getSimpleName() + "-");
        stack = LocalStack.start(LocalStack.Options.local(workspace, services).withDefaults(defaults).withVariables(variables));
        server = new ServerClient(stack.url());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (stack != null) stack.close();
        if (workspace != null) {
            try (Stream<Path> files = Files.walk(workspace)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The stack's workspace directory. */
    public Path workspace() {
        return workspace;
    }

    /** The running stack. */
    public LocalStack stack() {
        return stack;
    }

    /** The client of the stack's server. */
    public ServerClient server() {
        return server;
    }

    /** The stack's embedded PostgreSQL, Kafka and MariaDB. */
    public EmbeddedServices services() {
        return stack.services();
    }

    /** The embedded broker's bootstrap servers. */
    public String bootstrap() {
        return stack.services().kafka().bootstrapServers();
    }
}
