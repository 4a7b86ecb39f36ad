package io.cdcbridge.control.registry;

import io.cdcbridge.control.contract.Compatibility;
import io.cdcbridge.control.contract.CompatibilityCheck;
import io.cdcbridge.control.contract.Contract;
import io.cdcbridge.control.contract.ContractVersion;
import io.cdcbridge.control.workspace.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The contracts as a Confluent Schema Registry: a contract published on a topic is the subjects {@code <topic>-value}
 * (its versions are the contract's) and, with a primary key, {@code <topic>-key} (each distinct key schema, in
 * order); its mode is the subject's. Where several tables name one topic (its writer and a reader), the table that
 * named it first owns the subjects. Changes to such subjects come from scripts only: a client registering a schema
 * is answered with the version that has it, refused (409) when the contract's checker refuses it, and told to change
 * the table otherwise. Subjects no contract owns (topics other producers write) are registered and checked here,
 * with the same checker ({@link CompatibilityCheck}). Schema ids are global and kept in the workspace for good.
 */
public final class SchemaRegistry {

    private static final String VALUE = "-value";
    private static final String KEY = "-key";

    private final Workspace workspace;

    public SchemaRegistry(Workspace workspace) {
        this.workspace = workspace;
    }

    /** One version of a subject as the API shows it. */
    public record Registered(String subject, int id, int version, String schema) {}

    // a subject a contract owns, with its versions' schemas, oldest first
    private record Owned(Contract contract, boolean key, List<Schema> schemas) {}

    /** Every subject, sorted; with {@code deleted}, also those deleted (soft). */
    public synchronized List<String> subjects(boolean deleted) {
        TreeSet<String> all = new TreeSet<>(owned().keySet());
        workspace.registry().subjects().forEach((name, s) -> {
            if (deleted || !s.deleted()) all.add(name);
        });
        return List.copyOf(all);
    }

    /** The version numbers of a subject. */
    public synchronized List<Integer> versions(String subject) {
        return all(subject).stream().map(Registered::version).toList();
    }

    /** One version of a subject: a number, {@code latest} or {@code -1}. */
    public synchronized Registered version(String subject, String version) {
        List<Registered> all = all(subject);
        return pick(subject, all, version);
    }

    /** The schema an id names. */
    public synchronized String schema(int id) {
        String s = workspace.registry().schemas().get(id);
        if (s == null) {
            // a contract version not yet given out has no id yet: assigning every one makes the id known if it is one
            owned();
            s = workspace.registry().schemas().get(id);
        }
        if (s == null) throw RegistryException.schemaNotFound("Schema " + id + " not found");
        return s;
    }

    /** The subjects and versions that have the schema an id names. */
    public synchronized List<Map<String, Object>> subjectVersions(int id) {
        schema(id);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String subject : subjects(false)) {
            for (Registered r : all(subject)) {
                if (r.id() == id) {
                    // in Confluent's field order: Map.of's order changes from one JVM run to the next
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("subject", subject);
                    entry.put("version", r.version());
                    out.add(entry);
                }
            }
        }
        return out;
    }

    /** The version of a subject that has this schema (40403 if none). */
    public synchronized Registered lookup(String subject, String schemaJson, String schemaType) {
        Schema schema = parse(schemaJson, schemaType);
        List<Registered> all = all(subject);
        return find(all, schema).orElseThrow(() -> RegistryException.schemaNotFound("Schema not found"));
    }

    /**
     * Registers a schema under a subject: the version that has it already, else a new version if the subject's mode
     * accepts it (409 otherwise); a contract's subject gets new versions from scripts only (42205).
     */
    public synchronized Registered register(String subject, String schemaJson, String schemaType) {
        Schema schema = parse(schemaJson, schemaType);
        Owned owned = owned().get(subject);
        if (owned != null) {
            Optional<Registered> found = find(all(subject), schema);
            if (found.isPresent()) return found.get();
            List<String> problems = problems(subject, owned, schema, null);
            if (!problems.isEmpty()) throw incompatible(subject, problems);
            throw RegistryException.notPermitted("Subject '" + subject + "' is the contract of table '"
                    + owned.contract().table() + "': its versions are the table's. The schema is " + owned.contract().compatibility()
                    + " compatible; change the table in a script (CREATE OR REPLACE, ALTER TABLE) to make it a version "
                    + "(cdcbridge contracts check shows what a script does to the contract)");
        }
        RegistryState state = workspace.registry();
        RegistryState.Subject s = state.subjects().get(subject);
        List<RegistryState.Version> live = s == null || s.deleted() ? List.of() : s.versions();
        List<Registered> registered = registered(subject, live, state);
        Optional<Registered> found = find(registered, schema);
        if (found.isPresent()) return found.get();
        Compatibility mode = s != null && s.mode() != null ? s.mode() : defaultMode(state);
        List<String> problems = check(subject, mode, registered.stream().map(r -> parseStored(r.schema())).toList(), schema);
        if (!problems.isEmpty()) throw incompatible(subject, problems);
        int id = idOf(schema);
        state = workspace.registry();
        s = state.subjects().get(subject);
        List<RegistryState.Version> versions = new ArrayList<>(s == null ? List.of() : s.versions());
        int next = versions.stream().mapToInt(RegistryState.Version::version).max().orElse(0) + 1;
        versions.add(new RegistryState.Version(next, id));
        Map<String, RegistryState.Subject> subjects = new TreeMap<>(state.subjects());
        subjects.put(subject, new RegistryState.Subject(versions, s == null ? null : s.mode(), false));
        workspace.saveRegistry(new RegistryState(state.schemas(), subjects, state.defaultMode()));
        return new Registered(subject, id, next, schema.toString());
    }

    /**
     * Whether a schema may follow a version of a subject ({@code latest} or none: as registering it would be checked,
     * by the subject's mode; a number: against that version alone, in the mode's direction): the reasons it may not.
     */
    public synchronized List<String> compatibility(String subject, String version, String schemaJson, String schemaType) {
        Schema schema = parse(schemaJson, schemaType);
        List<Registered> all = all(subject);
        Registered against = version == null ? null : pick(subject, all, version);
        Owned owned = owned().get(subject);
        if (owned != null) return problems(subject, owned, schema, against == null || version.equals("latest") ? null : against);
        Compatibility mode = mode(subject, true);
        List<Schema> history = against == null || version.equals("latest")
                ? all.stream().map(r -> parseStored(r.schema())).toList() : List.of(parseStored(against.schema()));
        if (against != null && !version.equals("latest") && mode.scope() == Compatibility.Scope.ALL) {
            mode = Compatibility.valueOf(mode.name().replace("_TRANSITIVE", ""));
        }
        return check(subject, mode, history, schema);
    }

    /** A subject's compatibility level (its contract's mode); 40408 for a subject without one of its own. */
    public synchronized Compatibility mode(String subject, boolean defaultToGlobal) {
        Owned owned = owned().get(subject);
        if (owned != null) return owned.contract().compatibility();
        RegistryState state = workspace.registry();
        RegistryState.Subject s = state.subjects().get(subject);
        if (s != null && s.mode() != null) return s.mode();
        if (defaultToGlobal) return defaultMode(state);
        throw new RegistryException(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    /** The global compatibility level: the mode of subjects no contract owns, unless they have their own. */
    public synchronized Compatibility defaultMode() {
        return defaultMode(workspace.registry());
    }

    /** Sets a subject's level (null: the global one); a contract's mode is its table's option. */
    public synchronized Compatibility setMode(String subject, String level) {
        Compatibility mode = level(level);
        RegistryState state = workspace.registry();
        if (subject == null) {
            workspace.saveRegistry(new RegistryState(state.schemas(), state.subjects(), mode));
            return mode;
        }
        Owned owned = owned().get(subject);
        if (owned != null) {
            throw RegistryException.notPermitted("Subject '" + subject + "' is the contract of table '" + owned.contract().table()
                    + "': its compatibility level is the table's option; set it in a script: ALTER TABLE `"
                    + owned.contract().table() + "` SET ('" + Compatibility.OPTION + "' = '" + mode + "')");
        }
        Map<String, RegistryState.Subject> subjects = new TreeMap<>(state.subjects());
        RegistryState.Subject s = subjects.get(subject);
        subjects.put(subject, new RegistryState.Subject(s == null ? List.of() : s.versions(), mode, s != null && s.deleted()));
        workspace.saveRegistry(new RegistryState(state.schemas(), subjects, state.defaultMode()));
        return mode;
    }

    /**
     * Deletes a subject no contract owns: first soft (hidden, its ids still resolve), then, with {@code permanent},
     * for good. The version numbers it had.
     */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        refuseOwned(subject, "drop the table in a script");
        RegistryState state = workspace.registry();
        RegistryState.Subject s = state.subjects().get(subject);
        if (s == null) throw RegistryException.subjectNotFound(subject);
        Map<String, RegistryState.Subject> subjects = new TreeMap<>(state.subjects());
        if (permanent) {
            if (!s.deleted()) {
                throw new RegistryException(404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            subjects.remove(subject);
        } else {
            if (s.deleted()) throw new RegistryException(404, 40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
            subjects.put(subject, new RegistryState.Subject(s.versions(), s.mode(), true));
        }
        workspace.saveRegistry(new RegistryState(state.schemas(), subjects, state.defaultMode()));
        return s.versions().stream().map(RegistryState.Version::version).toList();
    }

    /** Deletes one version of a subject no contract owns; its id still resolves. */
    public synchronized int deleteVersion(String subject, String version) {
        refuseOwned(subject, "its versions are the table's history");
        Registered r = version(subject, version);
        RegistryState state = workspace.registry();
        RegistryState.Subject s = state.subjects().get(subject);
        List<RegistryState.Version> left = s.versions().stream().filter(v -> v.version() != r.version()).toList();
        Map<String, RegistryState.Subject> subjects = new TreeMap<>(state.subjects());
        subjects.put(subject, new RegistryState.Subject(left, s.mode(), false));
        workspace.saveRegistry(new RegistryState(state.schemas(), subjects, state.defaultMode()));
        return r.version();
    }

    private void refuseOwned(String subject, String instead) {
        Owned owned = owned().get(subject);
        if (owned != null) {
            throw RegistryException.notPermitted("Subject '" + subject + "' is the contract of table '"
                    + owned.contract().table() + "' and cannot be deleted here: " + instead);
        }
    }

    // the versions of a subject, contract-owned or registered (40401 if there is no such subject)
    private List<Registered> all(String subject) {
        Owned owned = owned().get(subject);
        if (owned != null) {
            List<Registered> out = new ArrayList<>();
            for (int i = 0; i < owned.schemas().size(); i++) {
                Schema s = owned.schemas().get(i);
                out.add(new Registered(subject, idOf(s), i + 1, s.toString()));
            }
            return out;
        }
        RegistryState state = workspace.registry();
        RegistryState.Subject s = state.subjects().get(subject);
        if (s == null || s.deleted()) throw RegistryException.subjectNotFound(subject);
        return registered(subject, s.versions(), state);
    }

    private static List<Registered> registered(String subject, List<RegistryState.Version> versions, RegistryState state) {
        return versions.stream().map(v -> new Registered(subject, v.id(), v.version(), state.schemas().get(v.id()))).toList();
    }

    private static Registered pick(String subject, List<Registered> all, String version) {
        if (version.equals("latest") || version.equals("-1")) {
            if (all.isEmpty()) throw RegistryException.versionNotFound(subject, version);
            return all.get(all.size() - 1);
        }
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw RegistryException.invalidVersion(version);
        }
        if (n < 1) throw RegistryException.invalidVersion(version);
        return all.stream().filter(r -> r.version() == n).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, n));
    }

    private static Optional<Registered> find(List<Registered> all, Schema schema) {
        return all.stream().filter(r -> parseStored(r.schema()).equals(schema)).findFirst();
    }

    // subjects the contracts own, by name; every version's schema gets its id here
    private Map<String, Owned> owned() {
        Map<String, Owned> out = new LinkedHashMap<>();
        // a topic two tables name (its writer's and a reader's) is the subject of the one that named it first
        List<Contract> byAge = new ArrayList<>(workspace.contracts());
        byAge.sort(Comparator.comparing((Contract c) -> c.versions().get(0).at()).thenComparing(Contract::table));
        for (Contract c : byAge) {
            if (c.topic() == null || out.containsKey(c.topic() + VALUE)) continue;
            List<Schema> values = new ArrayList<>();
            List<Schema> keys = new ArrayList<>();
            for (ContractVersion v : c.versions()) {
                values.add(CompatibilityCheck.parse(v.avroSchema()));
                Schema key = CompatibilityCheck.keySchema(v);
                if (key != null && (keys.isEmpty() || !keys.get(keys.size() - 1).equals(key))) keys.add(key);
            }
            out.put(c.topic() + VALUE, new Owned(c, false, values));
            if (!keys.isEmpty()) out.put(c.topic() + KEY, new Owned(c, true, keys));
        }
        List<Schema> unseen = new ArrayList<>();
        Map<String, Integer> ids = ids(workspace.registry());
        for (Owned o : out.values()) {
            for (Schema s : o.schemas()) {
                if (!ids.containsKey(s.toString())) unseen.add(s);
            }
        }
        for (Schema s : unseen) idOf(s);
        return out;
    }

    // a contract subject's check: the contract's own history and mode, as a script's change is checked
    private static List<String> problems(String subject, Owned owned, Schema schema, Registered against) {
        Contract c = owned.contract();
        List<ContractVersion> history = new ArrayList<>();
        List<Schema> schemas = against == null ? owned.schemas() : List.of(parseStored(against.schema()));
        for (int i = 0; i < schemas.size(); i++) history.add(bare(against == null ? i + 1 : against.version(), schemas.get(i)));
        Compatibility mode = c.compatibility();
        if (against != null && mode.scope() == Compatibility.Scope.ALL) mode = Compatibility.valueOf(mode.name().replace("_TRANSITIVE", ""));
        return CompatibilityCheck.problem(subject, mode, history, bare(history.size() + 1, schema), List.of())
                .map(List::of).orElse(List.of());
    }

    private static List<String> check(String subject, Compatibility mode, List<Schema> history, Schema schema) {
        List<ContractVersion> versions = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) versions.add(bare(i + 1, history.get(i)));
        return CompatibilityCheck.problem(subject, mode, versions, bare(versions.size() + 1, schema), List.of())
                .map(List::of).orElse(List.of());
    }

    // a schema as a version the checker takes: no SQL columns (the message names Avro types), no key of its own
    private static ContractVersion bare(int version, Schema schema) {
        return new ContractVersion(version, List.of(), List.of(), schema.toString(), null, null, Instant.EPOCH);
    }

    private static RegistryException incompatible(String subject, List<String> problems) {
        return new RegistryException(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: " + String.join("; ", problems));
    }

    // the id of a schema, given now (and kept) if it has none
    private int idOf(Schema schema) {
        String text = schema.toString();
        RegistryState state = workspace.registry();
        Integer id = ids(state).get(text);
        if (id != null) return id;
        int next = state.schemas().keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        Map<Integer, String> schemas = new TreeMap<>(state.schemas());
        schemas.put(next, text);
        workspace.saveRegistry(new RegistryState(schemas, state.subjects(), state.defaultMode()));
        return next;
    }

    private static Map<String, Integer> ids(RegistryState state) {
        Map<String, Integer> out = new HashMap<>();
        state.schemas().forEach((id, text) -> out.putIfAbsent(text, id));
        return out;
    }

    private static Compatibility defaultMode(RegistryState state) {
        return state.defaultMode() == null ? Compatibility.DEFAULT : state.defaultMode();
    }

    private static Compatibility level(String level) {
        try {
            return Compatibility.parse(level == null ? "" : level);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(422, 42203, "Invalid compatibility level. Valid values are none, backward, forward, "
                    + "full, backward_transitive, forward_transitive, and full_transitive");
        }
    }

    // a schema a client sends: Avro only, no references, Avro's own name rules
    private static Schema parse(String json, String schemaType) {
        if (schemaType != null && !schemaType.equalsIgnoreCase("AVRO")) {
            throw RegistryException.invalidSchema("Invalid schema: this registry holds AVRO schemas only, not " + schemaType);
        }
        if (json == null || json.isBlank()) throw RegistryException.invalidSchema("Invalid schema: no schema given");
        try {
            return new Schema.Parser().parse(json);
        } catch (SchemaParseException | NullPointerException e) {
            throw RegistryException.invalidSchema("Invalid schema " + json + ", details: " + e.getMessage());
        }
    }

    // a schema this registry wrote (a contract's Avro form may have SQL names Avro itself would refuse)
    private static Schema parseStored(String json) {
        return CompatibilityCheck.parse(json);
    }
}
