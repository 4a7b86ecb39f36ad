package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlSourceException;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/** A change of the source table's columns that stops the job: every restart would meet it again, so Flink makes none. */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
final class SchemaChangeFailure extends MysqlSourceException {

    SchemaChangeFailure(String message) {
        super(message);
    }
}
