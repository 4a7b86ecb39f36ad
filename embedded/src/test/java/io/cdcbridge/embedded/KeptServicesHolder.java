package io.cdcbridge.embedded;

import java.nio.file.Path;

/**
 * Started in a child JVM by {@link KeptServicesTest}: starts a PostgreSQL kept in the home its argument names,
 * writes two rows, prints its port, password and directory, and waits to be killed.
 */
public final class KeptServicesHolder {

    private KeptServicesHolder() {}

    public static void main(String[] args) throws Exception {
        EmbeddedServices services = EmbeddedServices.start("postgres", Path.of(args[0]));
        services.postgres().execute("CREATE TABLE held (id INT PRIMARY KEY)", "INSERT INTO held VALUES (7), (8)");
        System.out.println("port=" + services.postgres().port());
        System.out.println("password=" + services.postgres().password());
        System.out.println("dir=" + args[0]);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
