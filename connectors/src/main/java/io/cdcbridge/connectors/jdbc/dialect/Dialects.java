package io.cdcbridge.connectors.jdbc.dialect;

import io.cdcbridge.connectors.jdbc.dialect.mysql.MySqlDialect;
import io.cdcbridge.connectors.jdbc.dialect.postgres.PostgresDialect;
import java.util.List;

/** The dialects cdcbridge-jdbc knows, chosen by the JDBC URL. */
public final class Dialects {

    private static final List<Dialect> ALL = List.of(new PostgresDialect(), new MySqlDialect());

    private Dialects() {}

    /** The dialect for a URL; IllegalArgumentException names the URLs that are supported. */
    public static Dialect forUrl(String url) {
        return ALL.stream().filter(d -> d.accepts(url)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "cdcbridge-jdbc writes to PostgreSQL (jdbc:postgresql:) and MySQL or MariaDB (jdbc:mysql:, jdbc:mariadb:), not to "
                        + redact(url)));
    }

    /** A URL without what may carry a password (query parameters, user info), for messages and logs. */
    public static String redact(String url) {
        int q = url.indexOf('?');
        String redacted = q < 0 ? url : url.substring(0, q) + "?...";
        return redacted.replaceFirst("//[^/@]*@", "//...@");
    }
}
