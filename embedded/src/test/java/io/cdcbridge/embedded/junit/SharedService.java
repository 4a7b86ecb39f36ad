package io.cdcbridge.embedded.junit;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One embedded service for a whole test run: started when the first test class asks for it, kept in the root
 * store, and closed when the run ends. A test class registers the extension and takes the service as a parameter
 * (of a {@code @BeforeAll} method, a constructor or a test). A test engine without Jupiter's extensions (jqwik)
 * takes the same service from {@link #shared()}.
 */
abstract class SharedService<T extends AutoCloseable> implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedService.class);
    // one per type and JVM, whichever engine asked first
    private static final Map<Class<?>, AutoCloseable> RUNNING = new HashMap<>();

    private final Class<T> type;
    private final Supplier<T> start;

    SharedService(Class<T> type, Supplier<T> start) {
        this.type = type;
        this.start = start;
    }

    /**
     * The running service, started on the first call in this JVM. Jupiter closes it at the end of its run; one
     * started for another engine when Jupiter is done is left to the service's watchdog, which stops it and deletes
     * its files once the JVM exits.
     */
    public T shared() {
        synchronized (RUNNING) {
            return type.cast(RUNNING.computeIfAbsent(type, k -> start.get()));
        }
    }

    /** The running service, closed with Jupiter's root store at the end of its run. */
    T service(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(type, k -> new Held(type, shared()), Held.class);
        return shared();
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
        private final Class<?> type;
        private final AutoCloseable service;

        Held(Class<?> type, AutoCloseable service) {
            this.type = type;
            this.service = service;
        }

        @Override
        public void close() throws Exception {
            synchronized (RUNNING) {
                RUNNING.remove(type, service);
            }
            service.close();
        }
    }
}
