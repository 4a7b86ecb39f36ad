package io.cdcbridge.embedded;

import java.nio.file.Path;

/**
 * Started in a child JVM by the watchdog tests: starts a database server, prints where it is, and waits to be
 * killed. Its one argument is {@code mariadb} or the PostgreSQL binaries to use (auto, system, zonky).
 */
public final class ServiceHolder {

    private ServiceHolder() {}

    /** Starts the server the argument names. */
    public static void main(String[] args) throws Exception {
        int port;
        Path dir;
        if (args[0].equals("mariadb")) {
            EmbeddedMariaDb db = EmbeddedMariaDb.start();
            port = db.port();
            dir = db.directory();
        } else {
            EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.defaults()
                    .withBinaries(EmbeddedPostgres.Binaries.valueOf(args[0])));
            port = pg.port();
            dir = pg.directory();
        }
        System.out.println("port=" + port);
        System.out.println("dir=" + dir);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
