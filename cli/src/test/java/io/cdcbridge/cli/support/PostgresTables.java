package io.cdcbridge.cli.support;

/** Table options for tests' scripts on the embedded PostgreSQL (the server fills in the {@code ${POSTGRES_*}}s). */
public final class PostgresTables {

    private PostgresTables() {}

    /**
     * The WITH clause of a table read by cdcbridge-postgres from {@code public.<table>} through replication slot
     * {@code slot}, with {@code more} options (each {@code 'key' = 'value'}) after those.
     */
    public static String cdc(String table, String slot, String... more) {
        StringBuilder with = new StringBuilder("WITH ('connector' = 'cdcbridge-postgres', 'hostname' = '${POSTGRES_HOST}',"
                + " 'port' = '${POSTGRES_PORT}', 'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}',"
                + " 'database-name' = '${POSTGRES_DATABASE}', 'schema-name' = 'public', 'table-name' = '" + table + "',"
                + " 'slot.name' = '" + slot + "'");
        for (String option : more) with.append(", ").append(option);
        return with.append(')').toString();
    }
}
