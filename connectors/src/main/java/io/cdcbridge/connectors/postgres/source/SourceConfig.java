package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.MetadataColumn;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Everything the source's enumerator and readers need: the table, its slot and publication, whether to snapshot,
 * the rows per snapshot split and the column it is split by (null: one split), whether to emit an upsert changelog
 * (no old rows needed) rather than the full one, the rows to produce (the physical columns, then the metadata
 * columns), what a change of the table's columns while streaming does, and whether the source ends after the snapshot
 * (no slot, no stream).
 */
public record SourceConfig(PostgresTable table, String slot, String publication, boolean snapshot, int chunkSize,
                           String chunkKey, boolean upsert, RowType physicalType, List<MetadataColumn> metadata,
                           SchemaChangePolicy schemaChanges, boolean snapshotOnly)
        implements Serializable {

    /** Copies the metadata list. */
    public SourceConfig {
        metadata = List.copyOf(metadata);
    }

    /** Sets a row's metadata columns (after its physical ones) for a change committed at {@code commitMillis} (0: snapshot). */
    public void setMetadata(GenericRowData row, long commitMillis) {
        MetadataColumn.set(row, physicalType.getFieldCount(), metadata, table.endpoint().database(), table.schema(),
                table.table(), commitMillis);
    }

    /** The same, producing these metadata columns after the physical ones. */
    public SourceConfig withMetadata(List<MetadataColumn> chosen) {
        return new SourceConfig(table, slot, publication, snapshot, chunkSize, chunkKey, upsert, physicalType, chosen,
                schemaChanges, snapshotOnly);
    }

    /** The Flink table this reads into, as split ids and the stream's state name it (unique in a job). */
    public String id() {
        return schemaChanges.flinkTable() != null ? schemaChanges.flinkTable() : table.schema() + "." + table.table();
    }

    /** The rows it produces: the physical columns, then the metadata columns. */
    public RowType producedType() {
        return MetadataColumn.produced(physicalType, metadata);
    }

    /** Whether a change of a declared column stops the job. */
    public boolean failOnSchemaChange() {
        return schemaChanges.fails();
    }
}
