package io.cdcbridge.embedded;

/** Started in a child JVM by the watchdog tests: starts PostgreSQL, prints where it is, and waits to be killed. */
public final class PostgresHolder {

    private PostgresHolder() {}

    /** Takes the binaries to use (auto, system, zonky) as its only argument. */
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres.Binaries binaries = EmbeddedPostgres.Binaries.valueOf(args[0]);
        EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.defaults().withBinaries(binaries));
        System.out.println("port=" + pg.port());
        System.out.println("dir=" + pg.directory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
