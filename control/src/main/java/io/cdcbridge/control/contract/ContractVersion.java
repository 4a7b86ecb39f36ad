package io.cdcbridge.control.contract;

import io.cdcbridge.control.engine.TableShape;
import java.time.Instant;
import java.util.List;

/**
 * One version of a contract's schema: the stored columns and key, their Avro form (what compatibility is checked on),
 * and the script statement that made it, as written ({@code ${VAR}} references kept), with where and when.
 */
public record ContractVersion(
        int version,
        List<TableShape.Column> columns,
        List<String> primaryKey,
        String avroSchema,
        String change,
        String origin,
        Instant at) {

    public ContractVersion {
        columns = List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    }
}
