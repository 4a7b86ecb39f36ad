package io.cdcbridge.engine.probe;

import java.util.Optional;

/**
 * A look, cheap enough to take every second while a job runs, at whether a source's system still answers: it keeps
 * what it needs (a connection) between looks and lets go of it on close.
 */
public interface SourceCheck extends AutoCloseable {

    /** Why the source's system does not answer now; empty when it does. */
    Optional<String> lost();

    /**
     * What the check looks at (a database as a user): the sources of a statement that share it share one check, so a
     * statement set of hundreds of tables keeps one connection open, not hundreds. By default each check its own.
     */
    default Object system() {
        return this;
    }

    @Override
    void close();
}
