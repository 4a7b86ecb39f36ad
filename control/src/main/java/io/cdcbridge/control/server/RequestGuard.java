package io.cdcbridge.control.server;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a request reaches the API, and as which principal. Refused, in this order: a request for a host
 * name other than this machine's when there are no tokens (a web page's DNS rebinding); a missing or unknown token
 * when there are tokens (401); a state-changing request from a web page of another origin (403) or without a JSON
 * body type (415; a page can send text/plain or a form to any address without asking first, JSON it cannot).
 */
public final class RequestGuard {

    /** What the guard decided: the principal of an admitted request, or the refusal. */
    public record Decision(String principal, int status, String message) {

        static Decision admit(String principal) {
            return new Decision(principal, 0, null);
        }

        static Decision refuse(int status, String message) {
            return new Decision(null, status, message);
        }

        public boolean admitted() {
            return principal != null;
        }
    }

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final String HEALTH = "/v1/health";
    // JSON as the API and Schema Registry's clients send it; none of them is a type a page may send without asking
    private static final Set<String> JSON_TYPES = Set.of("application/json", "application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json");

    private final RestSettings settings;

    public RequestGuard(RestSettings settings) {
        this.settings = settings;
    }

    public Decision decide(String method, String path, Headers headers) {
        String host = headers.getFirst("Host");
        String principal = RestSettings.LOCAL_PRINCIPAL;
        if (settings.needsToken()) {
            // the console's files hold no data: the page asks for the token, then sends it with every API request
            if (!(method.equals("GET") && (path.equals(HEALTH) || ConsoleFiles.serves(path)))) {
                String auth = headers.getFirst("Authorization");
                if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                    principal = basic(auth.substring(6).strip());
                } else if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    principal = settings.tokens().principal(auth.substring(7).strip()).orElse(null);
                } else {
                    return Decision.refuse(401, "this server needs a token; send the header Authorization: Bearer "
                            + "<secret> (cdcbridge commands: --token-file FILE or $CDCBRIDGE_TOKEN; schema registry "
                            + "clients: basic auth with the token's name and secret)");
                }
                if (principal == null) return Decision.refuse(401, "the token is not known to this server");
            }
        } else if (host == null || !LOCAL_HOSTS.contains(hostName(host))) {
            return Decision.refuse(403, "requests addressed to host '" + host + "' are refused: this server answers "
                    + "requests for 127.0.0.1 or localhost only");
        }
        if (SAFE_METHODS.contains(method)) return Decision.admit(principal);
        String origin = headers.getFirst("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(host))) {
            return Decision.refuse(403, "requests from web pages of another origin (" + origin + ") are refused");
        }
        String type = headers.getFirst("Content-Type");
        if (type == null || !JSON_TYPES.contains(mediaType(type))) {
            return Decision.refuse(415, method + " requests need the header Content-Type: application/json");
        }
        return Decision.admit(principal);
    }

    // Basic base64(name:secret), as Schema Registry clients send their credentials: a token's name and its secret
    private String basic(String encoded) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) return null;
        String name = pair.substring(0, colon);
        return settings.tokens().principal(pair.substring(colon + 1)).filter(name::equals).orElse(null);
    }

    private String ownOrigin(String host) {
        return (settings.tls() != null ? "https://" : "http://") + host;
    }

    // Host: name or address with an optional port; an IPv6 address in brackets
    private static String hostName(String host) {
        try {
            String name = URI.create("http://" + host.strip()).getHost();
            return name == null ? "" : name.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
