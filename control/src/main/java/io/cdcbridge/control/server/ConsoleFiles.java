package io.cdcbridge.control.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's static files, served from the class path at {@code /} and {@code /console/...}. They hold no
 * data (the page asks the API for everything, with the token when the server has tokens), so they are served to
 * anyone the server lets ask at all.
 */
public final class ConsoleFiles {

    /** A file to send: its bytes and content type. */
    public record File(byte[] bytes, String contentType) {}

    private static final String ROOT = "/io/cdcbridge/control/console/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/console/index.html", "index.html",
            "/console/console.js", "console.js",
            "/console/console.css", "console.css");

    /** Headers every console file is sent with: only its own scripts and styles, and never inside another page's frame. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY");

    private ConsoleFiles() {}

    /** Whether {@code path} is one of the console's files. */
    public static boolean serves(String path) {
        return FILES.containsKey(path);
    }

    /** The file at {@code path}, if the console has one there. */
    public static Optional<File> get(String path) throws IOException {
        String name = FILES.get(path);
        if (name == null) return Optional.empty();
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) return Optional.empty();
            return Optional.of(new File(in.readAllBytes(), contentType(name)));
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        return "text/html; charset=utf-8";
    }
}
