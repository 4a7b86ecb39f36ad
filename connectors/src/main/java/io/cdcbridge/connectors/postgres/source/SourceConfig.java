package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.MetadataColumn;
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
        int physical = physicalType.getFieldCount();
        for (int i = 0; i < metadata.size(); i++) row.setField(physical + i, metadata.get(i).value(table, commitMillis));
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
        List<RowType.RowField> fields = new ArrayList<>(physicalType.getFields());
        for (MetadataColumn m : metadata) fields.add(new RowType.RowField("$metadata$" + m.key(), m.type().getLogicalType()));
        return new RowType(false, fields);
    }

    /** Whether a change of a declared column stops the job. */
    public boolean failOnSchemaChange() {
        return schemaChanges.fails();
    }
}
