package io.cdcbridge.connectors.source;

/**
 * The stream split of a CDC source, at a position: every transaction committed before {@link #offset()} is emitted,
 * and of the one there the first {@link #emitted()} rows.
 *
 * @param <O> the source's typed offset (cdcbridge-postgres: an LSN; cdcbridge-mysql: a binlog position)
 */
public interface OffsetSplit<O> {

    O offset();

    long emitted();
}
