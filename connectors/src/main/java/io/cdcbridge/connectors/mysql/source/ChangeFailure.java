package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlSourceException;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * A change in the binlog the reader cannot read on from (a change of the table's columns, an update written as a JSON
 * diff), which stops the job: every restart would meet it again, so Flink makes none.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
final class ChangeFailure extends MysqlSourceException {

    ChangeFailure(String message) {
        super(message);
    }
}
