package io.cdcbridge.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 and a free port in front of a service, to play network faults between a client and
 * it: {@link #cut()} drops every open connection (both ends see a reset or an end of stream), {@link #stall(boolean)}
 * holds the bytes of open connections and keeps new ones waiting, as a network that stops answering does, until
 * released. Each connection is two threads copying bytes, one per direction.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile boolean stalled;
    private volatile boolean closed;

    private TcpProxy(String name, InetSocketAddress target, ServerSocket listener) {
        this.name = name;
        this.target = target;
        this.listener = listener;
    }

    /** A proxy to {@code host:port}, named for its log lines, accepting connections at once. */
    public static TcpProxy start(String name, String host, int port) {
        return start(name, 0, host, port);
    }

    /**
     * A proxy listening on {@code listenPort} (0: a free one), for a service that must know the proxy's address
     * before it starts (a Kafka broker advertising it).
     */
    public static TcpProxy start(String name, int listenPort, String host, int port) {
        try {
            ServerSocket listener = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(name, new InetSocketAddress(host, port), listener);
            Thread accept = new Thread(proxy::accept, "proxy-" + name);
            accept.setDaemon(true);
            accept.start();
            LOG.info("TCP proxy {} on 127.0.0.1:{} -> {}:{}", name, listener.getLocalPort(), host, port);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a TCP proxy for " + name + ": " + e.getMessage(), e);
        }
    }

    /** The port clients connect to instead of the service's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Drops every open connection; new ones are accepted as before. Returns how many were dropped. */
    public int cut() {
        int n = 0;
        for (Socket s : open) {
            closeQuietly(s);
            n++;
        }
        LOG.info("TCP proxy {}: {} connections dropped", name, n);
        return n;
    }

    /** Holds (true) or lets through again (false) every byte in either direction; connections stay open. */
    public void stall(boolean on) {
        synchronized (gate) {
            stalled = on;
            gate.notifyAll();
        }
        LOG.info("TCP proxy {}: {}", name, on ? "stalled" : "flowing again");
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(target, 10_000);
                } catch (IOException e) {
                    closeQuietly(client); // as the service itself would refuse it
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                if (!closed) LOG.debug("TCP proxy {}: accept failed", name, e);
            }
        }
    }

    // copies bytes from one socket to the other until either ends, then closes both
    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitFlowing();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a cut, or an end at either side: the pair is done
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-" + name + "-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) gate.wait(100);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Stops accepting and drops every connection. */
    @Override
    public void close() {
        closed = true;
        stall(false);
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(TcpProxy::closeQuietly);
    }
}
