package io.cdcbridge.control.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A scratch catalog in the engine: definitions are applied and statements validated without running anything. */
public interface EngineSession extends AutoCloseable {

    /** Applies one CREATE/ALTER/DROP to this session's catalog, or says why it cannot. */
    void applyDefinition(String ddl) throws EngineException;

    /** Compiles a statement against this session's catalog with the given properties, without running it. */
    QueryPlan validate(String statement, Map<String, String> properties) throws EngineException;

    /**
     * The columns a query gives, as this session's catalog resolves it: names as the engine names them, types as SQL
     * writes them (usable in a CREATE TABLE), or why the query does not compile.
     */
    List<TableShape.Column> queryShape(String query) throws EngineException;

    /** The names of the tables and views in this session's catalog. */
    List<String> tables();

    /** A table or view of this session's catalog in neutral form, or empty if there is none of that name. */
    Optional<TableShape> table(String name) throws EngineException;

    @Override
    void close();
}
