package io.cdcbridge.embedded.junit;

import io.cdcbridge.embedded.EmbeddedMariaDb;

/**
 * The embedded MariaDB shared by every test class of a run that asks for it:
 * {@code @ExtendWith(MariaDbExtension.class)}, then an {@code EmbeddedMariaDb} parameter.
 */
public final class MariaDbExtension extends SharedService<EmbeddedMariaDb> {

    public MariaDbExtension() {
        super(EmbeddedMariaDb.class, EmbeddedMariaDb::start);
    }
}
