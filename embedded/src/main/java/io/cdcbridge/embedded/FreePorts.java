package io.cdcbridge.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Free TCP ports on 127.0.0.1, for services that must be told their port before they bind it. */
public final class FreePorts {

    private static final Logger LOG = LoggerFactory.getLogger(FreePorts.class);
    private static final int ATTEMPTS = 3;

    // The kernel may hand the same ephemeral port out again before the service that got it first has bound
    // it; remembering what this JVM handed out avoids giving two services of ours the same port.
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A start on the given ports; throws {@link PortTaken} when another process bound one of them first. */
    @FunctionalInterface
    interface Attempt<T> {
        T start(int[] ports) throws IOException, InterruptedException;
    }

    /** A start failed because a port was taken between our probe and the service's bind: worth another try. */
    static final class PortTaken extends IOException {
        PortTaken(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Starts a service on {@code count} fresh free ports, with other ports when another process took one of them
     * before the service bound it (up to three attempts); any other failure is thrown at once.
     */
    static <T> T startOnFreePorts(String service, int count, Attempt<T> attempt) throws IOException, InterruptedException {
        for (int tried = 1; ; tried++) {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) ports[i] = next();
            try {
                return attempt.start(ports);
            } catch (PortTaken e) {
                if (tried >= ATTEMPTS) throw new IOException(e.getMessage(), e.getCause());
                LOG.info("A port of {} was taken while {} started, trying others", Arrays.toString(ports), service);
            }
        }
    }

    /**
     * Starts a kept service on the ports it had before, so that its address stays the same; when one of them is
     * taken now, on fresh free ports, and says so (a warning naming the old and new ports).
     */
    static <T> T startOnPorts(String service, int[] recorded, Attempt<T> attempt) throws IOException, InterruptedException {
        if (Arrays.stream(recorded).allMatch(p -> p > 0 && isFree(p))) {
            try {
                Arrays.stream(recorded).forEach(HANDED_OUT::add);
                return attempt.start(recorded.clone());
            } catch (PortTaken e) {
                // taken between our look and the bind: as below
            }
        }
        if (Arrays.stream(recorded).allMatch(p -> p <= 0)) return startOnFreePorts(service, recorded.length, attempt);
        int[][] now = new int[1][];
        T started = startOnFreePorts(service, recorded.length, ports -> {
            T t = attempt.start(ports);
            now[0] = ports.clone();
            return t;
        });
        LOG.warn("{}: port {} is taken by another process now, so it listens on {} instead (its address changed)",
                service, words(recorded), words(now[0]));
        return started;
    }

    private static String words(int[] ports) {
        return Arrays.stream(ports).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(" and "));
    }

    /** A port nothing listens on right now and that this JVM has not handed out before. */
    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = probe();
            if (HANDED_OUT.add(port)) return port;
        }
        throw new IllegalStateException("no fresh free port on 127.0.0.1 after 100 attempts");
    }

    /** Whether nothing listens on the port right now. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int probe() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
