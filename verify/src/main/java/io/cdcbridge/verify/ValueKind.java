package io.cdcbridge.verify;

import java.sql.Types;
import java.util.Locale;

/** How a column's values are normalized before they are compared: by kind of value, whatever the database calls it. */
public enum ValueKind {
    INTEGER, DECIMAL, FLOAT, BOOLEAN, TEXT, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, JSON, BINARY;

    /** The kind of a column from its JDBC type and the database's name for it. */
    public static ValueKind of(int jdbcType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("json") || name.equals("jsonb")) return JSON;
        if (name.equals("timestamptz")) return TIMESTAMP_TZ;
        // MariaDB reports BOOLEAN (TINYINT(1)) as BIT; a wider BIT is a number of bits
        if (name.equals("bool") || name.equals("boolean") || name.equals("tinyint(1)")) return BOOLEAN;
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.DECIMAL, Types.NUMERIC -> DECIMAL;
            case Types.FLOAT, Types.REAL, Types.DOUBLE -> FLOAT;
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.DATE -> DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> TIME;
            case Types.TIMESTAMP -> TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
            default -> TEXT;
        };
    }
}
