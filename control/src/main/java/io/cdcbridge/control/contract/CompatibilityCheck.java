package io.cdcbridge.control.contract;

import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.NameValidator;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParseException;

/**
 * Checks a new schema of a contract against earlier versions with Avro's {@link SchemaCompatibility} (the rules Schema
 * Registry applies), and tells what breaks in words: the table, the change, the mode, the versions, the field and why.
 */
public final class CompatibilityCheck {

    private CompatibilityCheck() {}

    /**
     * Why {@code next} may not follow {@code history} under {@code mode}, or empty when it may.
     *
     * @param changes what the change does, in words (e.g. "column 'email' dropped"), for the message
     */
    public static Optional<String> problem(String table, Compatibility mode, List<ContractVersion> history,
                                           ContractVersion next, List<String> changes) {
        if (mode == Compatibility.NONE || history.isEmpty()) return Optional.empty();
        List<ContractVersion> against = mode.scope() == Compatibility.Scope.LATEST
                ? List.of(history.get(history.size() - 1)) : history;
        Side candidate = new Side(next, "the new schema");
        List<Integer> broken = new ArrayList<>();
        Map<Boolean, String> firstReason = new LinkedHashMap<>();
        for (ContractVersion v : against) {
            Side old = new Side(v, "version " + v.version());
            boolean failed = false;
            if (mode.direction().newReadsOld()) {
                Optional<String> why = whyNot(candidate, old);
                failed |= why.isPresent();
                why.ifPresent(w -> firstReason.putIfAbsent(true, w));
            }
            if (mode.direction().oldReadsNew()) {
                Optional<String> why = whyNot(old, candidate);
                failed |= why.isPresent();
                why.ifPresent(w -> firstReason.putIfAbsent(false, w));
            }
            if (failed) broken.add(v.version());
        }
        if (broken.isEmpty()) return Optional.empty();
        String what = changes.isEmpty() ? "the new schema" : String.join("; ", changes);
        return Optional.of(table + ": " + what + " breaks " + mode + " compatibility with " + versions(broken) + ": "
                + String.join("; and ", firstReason.values()));
    }

    /** Parses an Avro schema as the engine writes it (field names as in SQL, so no Avro name rules). */
    public static Schema parse(String json) {
        try {
            return new Schema.Parser(NameValidator.NO_VALIDATION).parse(json);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("not an Avro schema: " + e.getMessage(), e);
        }
    }

    /**
     * The schema of a version's key, or null without a primary key: the key of an upsert topic travels as its own
     * schema, a record of the primary key's fields named {@code <record>_key}, checked like the value.
     */
    public static Schema keySchema(ContractVersion version) {
        return keySchema(version, parse(version.avroSchema()));
    }

    private static Schema keySchema(ContractVersion version, Schema value) {
        if (version.primaryKey().isEmpty()) return null;
        List<Schema.Field> fields = new ArrayList<>();
        for (String k : version.primaryKey()) {
            Schema.Field f = value.getField(k);
            if (f == null) return null;
            fields.add(new Schema.Field(f, f.schema()));
        }
        return Schema.createRecord(value.getName() + "_key", null, null, false, fields);
    }

    /** One version as a reader or writer: its value schema, and its key schema when it has a primary key. */
    private record Side(ContractVersion version, String name, Schema value, Schema key) {

        Side(ContractVersion version, String name) {
            this(version, name, parse(version.avroSchema()), null);
        }

        Schema keyOrNull() {
            return keySchema(version, value);
        }
    }

    /** What of a record is read: its value or its key, as words for messages. */
    private enum Part {
        VALUE("data", "data"), KEY("keys", "key");

        final String plural;
        final String singular;

        Part(String plural, String singular) {
            this.plural = plural;
            this.singular = singular;
        }
    }

    // why a reader of one version cannot read what another wrote (the value, then the key), in words; empty if it can
    private static Optional<String> whyNot(Side reader, Side writer) {
        Optional<String> value = whyNot(reader.value(), reader.name(), reader.version(), writer.value(), writer.name(),
                writer.version(), Part.VALUE);
        if (value.isPresent()) return value;
        Schema readerKey = reader.keyOrNull();
        Schema writerKey = writer.keyOrNull();
        if (readerKey == null || writerKey == null) return Optional.empty();
        return whyNot(readerKey, reader.name(), reader.version(), writerKey, writer.name(), writer.version(), Part.KEY);
    }

    private static Optional<String> whyNot(Schema reader, String readerName, ContractVersion readerVersion,
                                           Schema writer, String writerName, ContractVersion writerVersion, Part part) {
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) return Optional.empty();
        List<Incompatibility> all = pair.getResult().getIncompatibilities();
        String head = "a reader of " + readerName + " cannot read " + part.plural + " written with " + writerName;
        if (all.isEmpty()) return Optional.of(head);
        Incompatibility first = all.get(0);
        String field = fieldAt(reader, first.getLocation());
        String because = switch (first.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "that " + part.singular + " has no field '" + field + "', and " + readerName
                    + " gives it no default (it is NOT NULL)";
            case TYPE_MISMATCH, MISSING_UNION_BRANCH -> first.getWriterFragment().getType() == Schema.Type.NULL
                    ? "field '" + field + "' may be null in that " + part.singular + ", but it is NOT NULL in " + readerName
                    : "field '" + field + "' is " + typeOf(writerVersion, field, first.getWriterFragment()) + " in that " + part.singular + ", which "
                            + typeOf(readerVersion, field, first.getReaderFragment()) + " in " + readerName + " cannot hold";
            default -> "field '" + field + "': " + first.getMessage();
        };
        return Optional.of(head + ": " + because);
    }

    // the SQL type of a top-level column where the version knows it, else the Avro type
    private static String typeOf(ContractVersion v, String field, Schema fragment) {
        for (TableShape.Column c : v.columns()) {
            if (c.name().equals(field)) return c.type();
        }
        Schema s = fragment;
        if (s.getType() == Schema.Type.UNION) {
            s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElse(s);
        }
        return s.getLogicalType() != null ? s.getLogicalType().getName() : s.getType().getName();
    }

    // "/fields/2/type/items/fields/0" -> "tags[].name": the field a location in the reader's schema points at
    private static String fieldAt(Schema root, String location) {
        String[] steps = location.split("/");
        StringBuilder path = new StringBuilder();
        Schema s = root;
        try {
            for (int i = 0; i < steps.length; i++) {
                String step = steps[i];
                if (s.getType() == Schema.Type.UNION && step.matches("\\d+")) {
                    s = s.getTypes().get(Integer.parseInt(step));
                } else if (step.equals("fields") && i + 1 < steps.length) {
                    s = nonNull(s);
                    Schema.Field f = s.getFields().get(Integer.parseInt(steps[++i]));
                    if (path.length() > 0) path.append('.');
                    path.append(f.name());
                    s = f.schema();
                } else if (step.equals("items")) {
                    s = nonNull(s).getElementType();
                    path.append("[]");
                } else if (step.equals("values")) {
                    s = nonNull(s).getValueType();
                    path.append("{}");
                }
            }
        } catch (RuntimeException e) {
            // a location shape this walk does not know: name what was found so far
        }
        return path.length() == 0 ? location : path.toString();
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) return s;
        return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElse(s);
    }

    // [1, 2, 3, 5] -> "versions 1-3, 5"
    static String versions(List<Integer> vs) {
        if (vs.size() == 1) return "version " + vs.get(0);
        StringBuilder out = new StringBuilder("versions ");
        int i = 0;
        while (i < vs.size()) {
            int j = i;
            while (j + 1 < vs.size() && vs.get(j + 1) == vs.get(j) + 1) j++;
            if (i > 0) out.append(", ");
            out.append(vs.get(i));
            if (j > i) out.append('-').append(vs.get(j));
            i = j + 1;
        }
        return out.toString();
    }
}
