package io.cdcbridge.connectors.text;

import java.io.Serializable;

/** Turns one value in a SQL type's text output format into Flink's internal representation of a column. */
@FunctionalInterface
public interface TextValueParser extends Serializable {

    /** The internal value (StringData, Integer, TimestampData, DecimalData, ...) of {@code length} bytes at {@code offset}. */
    Object parse(byte[] buffer, int offset, int length);
}
