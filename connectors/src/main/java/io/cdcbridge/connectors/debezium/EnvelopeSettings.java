package io.cdcbridge.connectors.debezium;

import io.cdcbridge.connectors.avro.RegistryClient;
import io.cdcbridge.connectors.debezium.ConnectType.SemanticType;
import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.DecimalHandling;
import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.Layout;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.table.types.logical.RowType;

/**
 * Everything a debezium-kafka writer needs, fixed when the statement is planned; serializable into the job graph.
 * The rows it receives are the physical columns followed by the METADATA columns named in {@code metadataKeys}.
 *
 * @param consumedType the rows' type: physical columns, then metadata columns
 * @param physicalFieldCount how many of its columns are physical
 * @param keyColumns positions of the primary key's columns; empty for a table without one (events without key)
 * @param metadataKeys the metadata keys of the trailing columns, in order
 * @param layout whose events are written: Debezium's PostgreSQL or MySQL connector's
 * @param topicPrefix Debezium's topic.prefix
 * @param topic a fixed topic, or null for {@code <topicPrefix>.<schema>.<table>} ({@code <db>} for MySQL's layout)
 * @param db source.db when no column gives it, or null
 * @param schema source.schema when no column gives it, or null
 * @param table source.table when no column gives it, or null
 * @param tombstones whether a delete is followed by a tombstone
 * @param schemasEnable whether keys and values embed their Connect schema
 * @param decimals how DECIMAL columns are written
 * @param semanticTypes Debezium logical types of string columns, by column name
 * @param producer Kafka producer settings
 * @param registry the schema registry keys and values are written for in Avro (AvroConverter), or null for JSON
 */
record EnvelopeSettings(RowType consumedType, int physicalFieldCount, int[] keyColumns, List<String> metadataKeys,
                        Layout layout, String topicPrefix, String topic, String db, String schema, String table,
                        boolean tombstones, boolean schemasEnable, DecimalHandling decimals,
                        Map<String, SemanticType> semanticTypes, Properties producer, RegistryClient registry)
        implements Serializable {

    /** The same settings for rows that carry the given metadata columns after the physical ones. */
    EnvelopeSettings withMetadata(List<String> keys, RowType consumed) {
        return new EnvelopeSettings(consumed, physicalFieldCount, keyColumns, List.copyOf(keys), layout, topicPrefix, topic,
                db, schema, table, tombstones, schemasEnable, decimals, semanticTypes, producer, registry);
    }
}
