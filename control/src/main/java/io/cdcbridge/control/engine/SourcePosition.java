package io.cdcbridge.control.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How far a statement has read one source, as the source's own system keeps it: offsets per partition of a Kafka
 * topic, a PostgreSQL replication slot's LSN, a MySQL/MariaDB binlog position, or unknown with the reason. Stored with a {@code type} tag; a position
 * stored before positions were typed (a map with {@code topic}/{@code partition}/{@code offset}, {@code slot}/
 * {@code confirmed_flush_lsn}, or {@code error}) is read into the type it describes.
 */
@JsonDeserialize(using = SourcePosition.Reader.class)
@JsonPropertyOrder({"type"})
public sealed interface SourcePosition permits SourcePosition.KafkaOffsets, SourcePosition.PostgresLsn, SourcePosition.Binlog,
        SourcePosition.Unknown {

    /** The tag the stored form carries. */
    @JsonProperty("type")
    String type();

    /** The position in one line, as the CLI shows it. */
    String describe();

    /**
     * The next offset to read in each partition of one topic.
     *
     * @param partitions partition -> next offset, in partition order
     */
    @JsonIgnoreProperties(value = "type", allowGetters = true)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record KafkaOffsets(String topic, SortedMap<Integer, Long> partitions) implements SourcePosition {

        public static final String TYPE = "kafka-offsets";

        public KafkaOffsets {
            partitions = partitions == null ? new TreeMap<>() : new TreeMap<>(partitions);
        }

        /** Offsets per partition as the Kafka connector's {@code scan.*.specific-offsets} options take them. */
        public static String specificOffsets(java.util.Map<Integer, Long> partitions) {
            return new TreeMap<>(partitions).entrySet().stream().map(e -> "partition:" + e.getKey() + ",offset:" + e.getValue())
                    .collect(Collectors.joining(";"));
        }

        /** Both positions' partitions (of the same topic); {@code other}'s offset wins for a partition both have. */
        public KafkaOffsets plus(KafkaOffsets other) {
            TreeMap<Integer, Long> all = new TreeMap<>(partitions);
            all.putAll(other.partitions);
            return new KafkaOffsets(topic, all);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String describe() {
            return "topic " + topic + " " + partitions.entrySet().stream()
                    .map(e -> "partition " + e.getKey() + " offset " + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    /**
     * A PostgreSQL replication slot: the LSN up to which the statement confirmed changes, where WAL is kept from,
     * and whether a job reads the slot now.
     */
    @JsonIgnoreProperties(value = "type", allowGetters = true)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record PostgresLsn(String slot, String confirmedFlushLsn, String restartLsn, Boolean slotActive) implements SourcePosition {

        public static final String TYPE = "postgres-lsn";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String describe() {
            return "replication slot " + slot + " confirmed " + confirmedFlushLsn + " (restart " + restartLsn
                    + (Boolean.TRUE.equals(slotActive) ? ", active)" : ", inactive)");
        }
    }

    /**
     * A MySQL or MariaDB binlog position: the file and the byte position in it of the next event to read, the GTID set
     * read so far where the server has GTIDs (else null), and where cdcbridge read the position from (a savepoint).
     */
    @JsonIgnoreProperties(value = "type", allowGetters = true)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Binlog(String file, Long position, String gtidSet, String readFrom) implements SourcePosition {

        public static final String TYPE = "mysql-binlog";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String describe() {
            return "binlog " + file + " position " + position + (gtidSet == null || gtidSet.isEmpty() ? "" : " GTID set " + gtidSet)
                    + (readFrom == null ? "" : " (from " + readFrom + ")");
        }
    }

    /** A position that could not be read, and why. */
    @JsonIgnoreProperties(value = "type", allowGetters = true)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Unknown(String reason) implements SourcePosition {

        public static final String TYPE = "unknown";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String describe() {
            return "unknown: " + reason;
        }
    }

    /** Reads the tagged form, and the untyped map positions were stored as before. */
    final class Reader extends JsonDeserializer<SourcePosition> {

        @Override
        public SourcePosition deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            JsonNode type = node.get("type");
            if (type == null) return legacy(node);
            return switch (type.asText()) {
                case KafkaOffsets.TYPE -> p.getCodec().treeToValue(node, KafkaOffsets.class);
                case PostgresLsn.TYPE -> p.getCodec().treeToValue(node, PostgresLsn.class);
                case Binlog.TYPE -> p.getCodec().treeToValue(node, Binlog.class);
                case Unknown.TYPE -> p.getCodec().treeToValue(node, Unknown.class);
                default -> new Unknown("a position of type '" + type.asText() + "', which this version does not know");
            };
        }

        private static SourcePosition legacy(JsonNode n) {
            if (n.hasNonNull("error")) {
                String topic = n.path("topic").asText(null);
                return new Unknown((topic == null ? "" : "topic " + topic + ": ") + n.get("error").asText());
            }
            if (n.hasNonNull("topic") && n.hasNonNull("partition") && n.hasNonNull("offset")) {
                return new KafkaOffsets(n.get("topic").asText(),
                        new TreeMap<>(Map.of(n.get("partition").asInt(), n.get("offset").asLong())));
            }
            if (n.hasNonNull("slot") && n.hasNonNull("confirmed_flush_lsn")) {
                String lsn = n.get("confirmed_flush_lsn").asText();
                if (lsn.startsWith("none")) return new Unknown("replication slot '" + n.get("slot").asText() + "' not created yet");
                return new PostgresLsn(n.get("slot").asText(), lsn, n.path("restart_lsn").asText(null),
                        n.hasNonNull("slot_active") ? Boolean.valueOf(n.get("slot_active").asText()) : null);
            }
            return new Unknown("a position stored in a form this version does not know: " + n);
        }
    }
}
