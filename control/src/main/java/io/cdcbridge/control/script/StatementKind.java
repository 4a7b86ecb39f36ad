package io.cdcbridge.control.script;

import java.util.Locale;

/** What a script statement does, decided from its leading keywords. */
public enum StatementKind {
    /** SET 'key' = 'value' (or SET key = value): a property for the rest of the script. */
    SET,
    /** RESET 'key': removes a property set earlier in the script. */
    RESET,
    /** CREATE/ALTER/DROP of a table, view or function: changes the durable catalog. */
    CATALOG,
    /** INSERT INTO, EXECUTE STATEMENT SET: becomes a named, managed statement. */
    STATEMENT,
    /**
     * CREATE [OR REPLACE] TABLE ... AS SELECT: a table whose columns are the query's (its definition) and the named
     * statement that maintains it; DISTRIBUTED INTO n BUCKETS makes a topic of n partitions.
     */
    CREATE_TABLE_AS,
    /**
     * CREATE DATABASE target ... AS DATABASE schema INCLUDING ...: a source and a target table per matching table of
     * the schema and the one statement set that keeps the targets filled.
     */
    CREATE_DATABASE_AS,
    /** STOP JOB 'name' [WITH SAVEPOINT]: stops a statement, as the SQL client does for a job. */
    STOP_JOB,
    /** SHOW ..., DESCRIBE, EXPLAIN: answered with the catalog as the script has it at that point; changes nothing. */
    QUERY,
    /** Anything else: refused with a clear message. */
    UNSUPPORTED;

    /** Classifies one statement of a script. */
    public static StatementKind of(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (s.startsWith("SET ") || s.equals("SET")) return SET;
        if (s.startsWith("RESET")) return RESET;
        if (s.startsWith("INSERT ") || s.startsWith("EXECUTE STATEMENT SET") || s.startsWith("BEGIN STATEMENT SET")
                || s.startsWith("EXECUTE INSERT")) {
            return STATEMENT;
        }
        if (s.startsWith("STOP JOB ")) return STOP_JOB;
        if (s.startsWith("SHOW ") || s.startsWith("DESCRIBE ") || s.startsWith("DESC ") || s.startsWith("EXPLAIN ")) return QUERY;
        if (CreateDatabaseAs.is(sql)) return CREATE_DATABASE_AS;
        if (CreateTableAs.is(sql)) return CREATE_TABLE_AS;
        if (s.startsWith("CREATE ") || s.startsWith("ALTER ") || s.startsWith("DROP ")) return CATALOG;
        return UNSUPPORTED;
    }
}
