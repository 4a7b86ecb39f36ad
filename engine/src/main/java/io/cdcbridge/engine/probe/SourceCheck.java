package io.cdcbridge.engine.probe;

import java.util.Optional;

/**
 * A look, cheap enough to take every second while a job runs, at whether a source's system still answers: it keeps
 * what it needs (a connection) between looks and lets go of it on close.
 */
public interface SourceCheck extends AutoCloseable {

    /** Why the source's system does not answer now; empty when it does. */
    Optional<String> lost();

    @Override
    void close();
}
