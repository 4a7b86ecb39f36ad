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

    // arrays by their OID: the element type's OID (the column's type modifier is the element's)
    private static final Map<Integer, Integer> ARRAYS = Map.ofEntries(Map.entry(1000, 16), Map.entry(1005, 21),
            Map.entry(1007, 23), Map.entry(1016, 20), Map.entry(1021, 700), Map.entry(1022, 701), Map.entry(1009, 25),
            Map.entry(1015, 1043), Map.entry(1014, 1042));

    /** The OID of {@code numeric}. */
    public static final int NUMERIC = 1700;

    /**
     * The Flink type of a column of this type, e.g. {@code DECIMAL(10, 2)} or {@code ARRAY<STRING>}; null when there is
     * none that keeps the type: a type this source reads only as text (json, uuid, interval, ...: a target created
     * from the Flink type would hold text), or a numeric without a precision (no one DECIMAL holds every value of it).
     */
    public static String flinkType(int typeOid, int typeModifier) {
        if (typeOid == NUMERIC) {
            if (typeModifier < 4) return null;
            int m = typeModifier - 4;
            return "DECIMAL(" + ((m >> 16) & 0xffff) + ", " + (m & 0xffff) + ")";
        }
        Integer element = ARRAYS.get(typeOid);
        if (element != null) return "ARRAY<" + FLINK_TYPES.get(element) + ">";
        return FLINK_TYPES.get(typeOid);
    }

    private PostgresTypes() {}
}
