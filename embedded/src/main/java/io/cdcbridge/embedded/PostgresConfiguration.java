package io.cdcbridge.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration of an embedded PostgreSQL: its server settings and who may connect how (pg_hba.conf). */
final class PostgresConfiguration {

    /** The address it listens on. */
    static final String HOST = "127.0.0.1";

    private PostgresConfiguration() {}

    /** The settings for CDC on a throw-away server, with {@code extra} added or overriding them. */
    static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", HOST);
        settings.put("wal_level", "logical");
        settings.put("max_replication_slots", "20");
        settings.put("max_wal_senders", "20");
        // a throw-away server: durability costs time and buys nothing here
        settings.put("fsync", "off");
        // synchronous_commit stays on: with fsync off a commit's flush is only a write(), while "off" leaves the
        // WAL to the walwriter (every 200 ms) and logical decoding sends only flushed WAL: more CDC lag
        settings.put("full_page_writes", "off");
        settings.putAll(extra);
        return settings;
    }

    /**
     * The settings for a server whose data is kept: PostgreSQL's own durability back (fsync, full page writes),
     * and no unix socket (connections go over TCP; a socket path inside a workspace may exceed the 107 bytes a
     * socket address allows).
     */
    static Map<String, String> kept(Map<String, String> settings) {
        Map<String, String> kept = new LinkedHashMap<>(settings);
        kept.put("fsync", "on");
        kept.put("full_page_writes", "on");
        kept.put("unix_socket_directories", "");
        return kept;
    }

    /** Writes pg_hba.conf and appends the settings (and the socket's directory) to postgresql.conf. */
    static void write(Path data, Path socketDir, Map<String, String> settings) throws IOException {
        writeHba(data);
        StringBuilder conf = new StringBuilder("\n# cdcbridge embedded\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("unix_socket_directories", socketDir.toString());
        all.putAll(settings);
        all.forEach((k, v) -> conf.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        // appended in place, so the file keeps its owner (postgres) when we are root
        Files.writeString(data.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
    }

    // The socket lives in our private directory, so only its owner (and root) can use the trusted local line.
    /** Local connections trusted, TCP connections (plain and replication) with a password (scram-sha-256). */
    static void writeHba(Path data) throws IOException {
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                "# TYPE  DATABASE     USER  ADDRESS       METHOD",
                "local   all          all                 trust",
                "local   replication  all                 trust",
                "host    all          all   " + HOST + "/32  scram-sha-256",
                "host    replication  all   " + HOST + "/32  scram-sha-256",
                ""), StandardOpenOption.TRUNCATE_EXISTING);
    }
}
