package io.cdcbridge.control.statement;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a statement's checkpoints ({@code <uri>/checkpoints/<statement>}) and savepoints
 * ({@code <uri>/savepoints/<statement>}) live: a URI the Flink cluster and the server both reach, e.g.
 * {@code file:///shared/cdcbridge} (a folder every machine mounts at that path) or {@code s3://bucket/cdcbridge}
 * (through Flink's file system plugins). Each statement records the one it was created with.
 */
public record StateDir(String uri) {

    public StateDir {
        Objects.requireNonNull(uri, "uri");
        while (uri.endsWith("/") && !uri.endsWith(":/") && !uri.endsWith("://")) uri = uri.substring(0, uri.length() - 1);
    }

    /** The workspace itself, as a server without {@code --state-dir} keeps state. */
    public static StateDir of(Path workspace) {
        return new StateDir(workspace.toAbsolutePath().normalize().toUri().toString());
    }

    /**
     * A state dir as a user gives it ({@code --state-dir}): a URI with a scheme and a path, a {@code file:} one
     * absolute and without a host.
     *
     * @throws IllegalArgumentException saying what is wrong and what one looks like
     */
    public static StateDir parse(String text) {
        String example = "; it looks like file:///shared/cdcbridge (a folder the cluster reaches at the same path) or"
                + " s3://bucket/cdcbridge";
        if (text == null || text.isBlank()) throw new IllegalArgumentException("--state-dir is empty" + example);
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--state-dir '" + text + "' is not a URI (" + e.getReason() + " at character "
                    + (e.getIndex() + 1) + ")" + example);
        }
        if (u.getScheme() == null) {
            String hint = text.startsWith("/") ? "; for that folder write file://" + text.trim() : example;
            throw new IllegalArgumentException("--state-dir '" + text + "' has no scheme" + hint);
        }
        if (u.isOpaque() || u.getPath() == null || u.getPath().isEmpty()) {
            throw new IllegalArgumentException("--state-dir '" + text + "' has no path" + example);
        }
        if (u.getQuery() != null || u.getFragment() != null) {
            throw new IllegalArgumentException("--state-dir '" + text + "' has a query or fragment; give the folder only" + example);
        }
        if (u.getScheme().equals("file") && u.getAuthority() != null && !u.getAuthority().isEmpty()) {
            throw new IllegalArgumentException("--state-dir '" + text + "' names a host ('" + u.getAuthority()
                    + "'); a file: URI names a folder on every machine's own file system: file:///path");
        }
        return new StateDir(u.normalize().toString());
    }

    /** The statement's checkpoint folder. */
    public String checkpoints(String statement) {
        return uri + "/checkpoints/" + statement;
    }

    /** The statement's savepoint folder. */
    public String savepoints(String statement) {
        return uri + "/savepoints/" + statement;
    }

    /** Whether {@code path} (a checkpoint or savepoint as Flink names it, file:/x or file:///x, or a bare path) lies inside {@code folder}. */
    public static boolean inside(String path, String folder) {
        URI p;
        URI f;
        try {
            p = URI.create(path);
            f = URI.create(folder);
        } catch (IllegalArgumentException notAUri) {
            return path.contains(folder);
        }
        if (!Objects.equals(scheme(p), scheme(f)) || !Objects.equals(host(p), host(f)) || p.getPath() == null) return false;
        String base = f.getPath().endsWith("/") ? f.getPath() : f.getPath() + "/";
        return p.getPath().equals(f.getPath()) || p.getPath().startsWith(base);
    }

    // a bare path is a local one, as Flink reads it
    private static String scheme(URI u) {
        return u.getScheme() == null ? "file" : u.getScheme();
    }

    private static String host(URI u) {
        return u.getAuthority() == null ? "" : u.getAuthority();
    }

    @Override
    public String toString() {
        return uri;
    }
}
