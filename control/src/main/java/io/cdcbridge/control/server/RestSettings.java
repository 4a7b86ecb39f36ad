package io.cdcbridge.control.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import javax.net.ssl.SSLContext;

/**
 * Where and how the REST API listens: the address and port, the tokens a request must present (none: only this
 * machine may connect, as principal {@value #LOCAL_PRINCIPAL}), and TLS (null: plain HTTP).
 */
public record RestSettings(String bind, int port, Tokens tokens, SSLContext tls) {

    /** The principal of every request when the server has no tokens. */
    public static final String LOCAL_PRINCIPAL = "local";

    /** The address the API binds to unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Refuses an address other machines can reach without tokens. */
    public RestSettings {
        bind = bind == null || bind.isBlank() ? LOOPBACK : bind.strip();
        tokens = tokens == null ? Tokens.none() : tokens;
        if (tokens.isEmpty() && !isLoopback(bind)) {
            throw new IllegalArgumentException("the REST API on " + bind + " would be open to other machines: "
                    + "give it tokens (--token-file FILE), or bind it to " + LOOPBACK);
        }
    }

    /** Plain HTTP on 127.0.0.1:{@code port} without tokens (0: any free port). */
    public static RestSettings loopback(int port) {
        return new RestSettings(LOOPBACK, port, Tokens.none(), null);
    }

    /** Whether a principal of that name exists: a token's name, or {@value #LOCAL_PRINCIPAL} without tokens. */
    public boolean knows(String principal) {
        return tokens.isEmpty() ? LOCAL_PRINCIPAL.equals(principal) : tokens.names(principal);
    }

    /** Whether other machines can reach the API. */
    public boolean exposed() {
        return !isLoopback(bind);
    }

    /** Whether requests must present a token. */
    public boolean needsToken() {
        return !tokens.isEmpty();
    }

    private static boolean isLoopback(String address) {
        try {
            for (InetAddress a : InetAddress.getAllByName(address)) {
                if (!a.isLoopbackAddress()) return false;
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("the REST API's address " + address + " is not known: " + e.getMessage(), e);
        }
    }
}
