package io.cdcbridge.verify;

import java.util.List;
import java.util.Map;

/**
 * A table cdcbridge can read, and how to reach it.
 *
 * @param url a JDBC URL: {@code jdbc:postgresql:}, {@code jdbc:mysql:} or {@code jdbc:mariadb:}
 * @param user the user to log in as
 * @param password that user's password (never shown)
 * @param name the table, {@code [schema.]table} (for MySQL and MariaDB the schema is the database)
 * @param properties the driver's properties beyond user and password (TLS: the MariaDB driver's sslMode and
 *                   serverSslCert), apart from the URL, where a value holding '&', '=', '?' or '#' would be cut
 */
public record TableRef(String url, String user, String password, List<String> name, Map<String, String> properties) {

    public TableRef {
        name = List.copyOf(name);
        if (name.isEmpty() || name.size() > 2) throw new IllegalArgumentException("a table is [schema.]table, not " + name);
        properties = Map.copyOf(properties);
    }

    public TableRef(String url, String user, String password, List<String> name) {
        this(url, user, password, name, Map.of());
    }

    /** A table name as written, {@code schema.table} or {@code table}; a part may be quoted with double quotes to hold a dot. */
    public static List<String> parseName(String written) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < written.length() && written.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (quoted || parts.stream().anyMatch(String::isEmpty) || parts.size() > 2) {
            throw new IllegalArgumentException("a table is [schema.]table (a part in double quotes may hold dots), not " + written);
        }
        return parts;
    }

    /** The table as people write it, for messages. */
    public String displayName() {
        return String.join(".", name);
    }

    /** The URL without what may carry a password (query parameters, user info). */
    public String displayUrl() {
        int q = url.indexOf('?');
        String shown = q < 0 ? url : url.substring(0, q) + "?...";
        return shown.replaceFirst("//[^/@]*@", "//...@");
    }

    /** Drops this table if it exists (a scratch table verification made), its name quoted. */
    public void drop() throws java.sql.SQLException {
        io.cdcbridge.verify.dialect.Dialect dialect = io.cdcbridge.verify.dialect.Dialect.forUrl(url);
        try (java.sql.Connection c = dialect.connect(this); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + dialect.table(name));
        }
    }

    @Override
    public String toString() {
        return displayUrl() + " " + displayName();
    }
}
