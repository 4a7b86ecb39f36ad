package io.cdcbridge.control.engine;

import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs to run one statement, with variables already filled in:
 * the catalog definitions to replay, the statement, its properties, where to keep checkpoints,
 * and the savepoint or checkpoint to restore from (or null to start fresh).
 */
public record StatementJob(
        String name,
        List<String> definitions,
        String statement,
        Map<String, String> properties,
        String checkpointDir,
        String restoreFrom) {

    public StatementJob {
        definitions = List.copyOf(definitions);
        properties = Map.copyOf(properties);
    }
}
