package io.cdcbridge.connectors.postgres;

import java.util.Map;

/**
 * PostgreSQL's built-in types (by OID and type modifier) as the Flink types cdcbridge-postgres reads them as: the one
 * mapping both a schema change carried through and a whole schema declared at once are written with.
 */
public final class PostgresTypes {

    private static final Map<Integer, String> FLINK_TYPES = Map.ofEntries(Map.entry(16, "BOOLEAN"), Map.entry(21, "SMALLINT"),
            Map.entry(23, "INT"), Map.entry(20, "BIGINT"), Map.entry(700, "FLOAT"), Map.entry(701, "DOUBLE"),
            Map.entry(25, "STRING"), Map.entry(1043, "STRING"), Map.entry(1042, "STRING"), Map.entry(17, "BYTES"),
            Map.entry(1082, "DATE"), Map.entry(1114, "TIMESTAMP(6)"), Map.entry(1184, "TIMESTAMP_LTZ(6)"));

    /** The OID of {@code numeric}. */
    public static final int NUMERIC = 1700;

    /**
     * The Flink type of a column of this type, e.g. {@code DECIMAL(10, 2)}; null when there is none: a type this source
     * does not read, or a numeric without a precision (no one DECIMAL holds every value of it).
     */
    public static String flinkType(int typeOid, int typeModifier) {
        if (typeOid == NUMERIC) {
            if (typeModifier < 4) return null;
            int m = typeModifier - 4;
            return "DECIMAL(" + ((m >> 16) & 0xffff) + ", " + (m & 0xffff) + ")";
        }
        return FLINK_TYPES.get(typeOid);
    }

    private PostgresTypes() {}
}
