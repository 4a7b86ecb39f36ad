package io.cdcbridge.embedded.junit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One embedded service for a whole test run: started when the first test class asks for it, kept in the root
 * store, and closed when the run ends. A test class registers the extension and takes the service as a parameter
 * (of a {@code @BeforeAll} method, a constructor or a test).
 */
abstract class SharedService<T extends AutoCloseable> implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedService.class);

    private final Class<T> type;
    private final Supplier<T> start;

    SharedService(Class<T> type, Supplier<T> start) {
        this.type = type;
        this.start = start;
    }

    /** The running service, started on the first call of the run. */
    T service(ExtensionContext context) {
        return type.cast(context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(type, k -> new Held(start.get()), Held.class).service);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return service(context);
    }

    // closed by JUnit with the root store, at the end of the run
    private static final class Held implements ExtensionContext.Store.CloseableResource {
        private final AutoCloseable service;

        Held(AutoCloseable service) {
            this.service = service;
        }

        @Override
        public void close() throws Exception {
            service.close();
        }
    }
}
