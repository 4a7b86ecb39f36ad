package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import io.cdcbridge.connectors.jdbc.dialect.TypeWidening;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's tables in the target: created when missing (the target only with auto-create, the tombstone table
 * always; with auto-create a nullable column the target lacks is added and a column declared narrower than its Flink
 * type maps to is widened), then checked to have every column and the
 * sink's primary key. Their declared types are what the
 * set-based statements cast to.
 */
final class TargetSchema {

    private static final Logger LOG = LoggerFactory.getLogger(TargetSchema.class);

    private final JdbcSinkConfig config;
    private final Dialect dialect;

    TargetSchema(JdbcSinkConfig config, Dialect dialect) {
        this.config = config;
        this.dialect = dialect;
    }

    /**
     * Creates or checks the model's tables; returns the model with the types the database declares. Throws
     * {@link SchemaMismatch} when a table is not as the sink needs it.
     */
    SinkModel prepare(Connection c, SinkModel model) throws SQLException {
        Map<String, String> targetTypes = ensure(c, model.target, config.autoCreate(), "");
        Map<String, String> tombstoneTypes = model.tombstones.isPresent()
                ? ensure(c, model.tombstones.get(), true, " (it keeps the versions of hard deletes)") : Map.of();
        LOG.info("cdcbridge-jdbc writes {} at {} ({}, delete mode {}, version column {})", model.target.displayName(),
                config.displayUrl(), dialect.name(), config.deleteMode(), config.version().orElse("none"));
        return model.withDeclaredTypes(targetTypes, tombstoneTypes);
    }

    // The declared types of a table, after creating it if it is missing and allowed, and checking it is as needed.
    private Map<String, String> ensure(Connection c, Table table, boolean create, String why) throws SQLException {
        Map<String, String> types = widened(c, table, added(c, table, created(c, table, create, why), create), create);
        List<String> missing = table.columns().stream().map(Column::name).filter(n -> !types.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new SchemaMismatch("table " + table.displayName() + why + " has no column '" + String.join("', '", missing) + "'"
                    + "; it has " + types.keySet());
        }
        List<String> key = dialect.declaredPrimaryKey(c, table);
        if (!Set.copyOf(key).equals(Set.copyOf(table.primaryKey()))) {
            throw new SchemaMismatch("the primary key of table " + table.displayName() + why + " is " + key
                    + ", the sink's is " + table.primaryKey() + "; upserts need the same key");
        }
        return types;
    }

    // with auto-create, the nullable columns the table lacks are added (a column added at the source, carried through)
    private Map<String, String> added(Connection c, Table table, Map<String, String> types, boolean create) throws SQLException {
        List<Column> missing = table.columns().stream().filter(col -> !types.containsKey(col.name())).toList();
        if (!create || missing.isEmpty() || !missing.stream().allMatch(col -> col.nullable() && !table.primaryKey().contains(col.name()))) {
            return types;
        }
        for (Column col : missing) {
            String ddl = dialect.addColumn(table, col);
            try (Statement s = c.createStatement()) {
                s.execute(ddl);
                c.commit();
                LOG.info("Added to table {}: {}", table.displayName(), ddl);
            } catch (SQLException e) {
                // another writer of the job may have added it a moment ago; else the check below names it
                c.rollback();
            }
        }
        return dialect.declaredTypes(c, table);
    }

    // with auto-create, a column declared narrower than the Flink column maps to gets that type (a type widened at
    // the source, carried through); a narrowing or another kind of type is left as it is
    private Map<String, String> widened(Connection c, Table table, Map<String, String> types, boolean create) throws SQLException {
        if (!create) return types;
        Map<String, String> full = dialect.declaredFullTypes(c, table);
        boolean changed = false;
        for (Column col : table.columns()) {
            String declared = full.get(col.name());
            String mapped;
            try {
                mapped = dialect.sqlType(col.type(), table.primaryKey().contains(col.name()));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (declared == null || !TypeWidening.widens(declared, mapped)) continue;
            String ddl = dialect.widenColumn(table, col);
            try (Statement s = c.createStatement()) {
                s.execute(ddl);
                c.commit();
                changed = true;
                LOG.info("Widened column {} of table {} from {}: {}", col.name(), table.displayName(), declared, ddl);
            } catch (SQLException e) {
                // another writer of the job may have widened it a moment ago
                c.rollback();
            }
        }
        return changed ? dialect.declaredTypes(c, table) : types;
    }

    // The schema of a schema-qualified table too (a CREATE DATABASE ... AS DATABASE names its targets <database>.<table>).
    // A user who may not create schemas may still write into one that exists: then the table's creation says what fails.
    private void createSchema(Connection c, Table table) throws SQLException {
        String ddl = dialect.createSchema(table);
        if (ddl == null) return;
        try (Statement s = c.createStatement()) {
            s.execute(ddl);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            LOG.debug("{} at {} failed: {}", ddl, config.displayUrl(), e.getMessage());
        }
    }

    private Map<String, String> created(Connection c, Table table, boolean create, String why) throws SQLException {
        Map<String, String> types = dialect.declaredTypes(c, table);
        if (!types.isEmpty()) return types;
        if (!create) {
            throw new SchemaMismatch("table " + table.displayName() + " does not exist at " + config.displayUrl()
                    + "; create it, or set '" + JdbcSinkOptions.AUTO_CREATE.key() + "' = 'true'");
        }
        String ddl = dialect.createTable(table);
        createSchema(c, table);
        try (Statement s = c.createStatement()) {
            s.execute(ddl);
            c.commit();
            LOG.info("Created table {}{} (unless another writer of the job just did): {}", table.displayName(), why, ddl);
        } catch (SQLException e) {
            // another writer of the job may have created it a moment ago
            c.rollback();
            types = dialect.declaredTypes(c, table);
            if (types.isEmpty()) {
                throw new SQLException("cannot create table " + table.displayName() + why + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
            return types;
        }
        return dialect.declaredTypes(c, table);
    }
}
