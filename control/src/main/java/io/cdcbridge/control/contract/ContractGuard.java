package io.cdcbridge.control.contract;

import io.cdcbridge.control.engine.ConnectorCatalog;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.EngineSession;
import io.cdcbridge.control.engine.TableShape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Follows what a script does to contracts while it is checked on a scratch catalog: after each statement it looks at
 * the tables, versions every change of a contract's schema, and refuses an incompatible one (strict) or records it
 * and goes on (a report, for {@code contracts check}).
 */
public final class ContractGuard {

    /** The prefix of cdcbridge's own table options, which the engine keeps away from connectors. */
    public static final String OPTION_PREFIX = "contract.";

    /** The partitions of a table's topic, as a CTAS's DISTRIBUTED INTO n BUCKETS sets them; kept as contract options are. */
    public static final String BUCKETS_OPTION = OPTION_PREFIX + "buckets";

    private final Map<String, Contract> contracts = new LinkedHashMap<>();
    // each table as last looked at, so only what a statement changed is checked (and a refusal reported once)
    private final Map<String, TableShape> last = new LinkedHashMap<>();
    private final boolean strict;
    private final ConnectorCatalog connectors;
    private final List<ContractEffect> effects = new ArrayList<>();
    private final List<Contract> baseline = new ArrayList<>();

    /**
     * Starts from the stored contracts and the session's catalog; a contract table that has no contract yet
     * (defined before contracts were kept) gets its version 1 from the catalog as it is.
     */
    public ContractGuard(Collection<Contract> stored, EngineSession session, ConnectorCatalog connectors, boolean strict)
            throws EngineException {
        this.strict = strict;
        this.connectors = connectors;
        for (Contract c : stored) contracts.put(c.table(), c);
        for (String name : session.tables()) {
            Optional<TableShape> shape = session.table(name);
            if (shape.isEmpty()) continue;
            last.put(name, shape.get());
            if (!isContract(shape.get(), connectors) || contracts.containsKey(name) || shape.get().avroSchema() == null) continue;
            Contract c = first(shape.get(), "(defined before cdcbridge kept contracts)", "catalog");
            contracts.put(name, c);
            baseline.add(c);
        }
    }

    /**
     * Whether a table is a contract: it names a contract option, or its connector's description says its tables are
     * contracts by default (others consume what it holds).
     */
    public static boolean isContract(TableShape shape, ConnectorCatalog connectors) {
        if (shape.view()) return false;
        if (shape.options().keySet().stream().anyMatch(k -> k.startsWith(OPTION_PREFIX))) return true;
        return connectors.contractByDefault(shape);
    }

    /** The mode a table's options set, after checking they name only options cdcbridge knows. */
    public static Compatibility mode(TableShape shape) {
        for (String k : shape.options().keySet()) {
            if (k.startsWith(OPTION_PREFIX) && !k.equals(Compatibility.OPTION) && !k.equals(BUCKETS_OPTION)) {
                throw new ContractException(shape.name() + ": unknown option '" + k + "'; the contract options are '"
                        + Compatibility.OPTION + "' and '" + BUCKETS_OPTION + "'");
            }
        }
        String value = shape.options().get(Compatibility.OPTION);
        try {
            return value == null ? Compatibility.DEFAULT : Compatibility.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ContractException(shape.name() + ": " + e.getMessage());
        }
    }

    /** Contracts made for tables defined before contracts were kept; stored when the script is applied. */
    public List<Contract> baseline() {
        return List.copyOf(baseline);
    }

    /** Every effect so far, in script order. */
    public List<ContractEffect> effects() {
        return List.copyOf(effects);
    }

    /** What one script statement did to contracts: the contracts to store once it is applied, and the effects. */
    public record Observed(List<Contract> changed, List<ContractEffect> effects) {

        /** The effects in one line, or null if there were none. */
        public String summary() {
            return effects.isEmpty() ? null
                    : String.join("; ", effects.stream().map(ContractEffect::summary).toList());
        }
    }

    /**
     * Looks at the catalog after one script statement: what it did to contracts.
     *
     * @param change the statement as written; origin where it is ({@code file:line})
     * @throws ContractException (strict only) when the statement breaks a contract
     */
    public Observed observe(EngineSession session, String change, String origin) throws EngineException {
        int before = effects.size();
        List<Contract> changed = new ArrayList<>();
        for (String name : session.tables()) {
            Optional<TableShape> found = session.table(name);
            if (found.isEmpty() || found.get().equals(last.get(name))) continue;
            TableShape shape = found.get();
            last.put(name, shape);
            if (!isContract(shape, connectors)) continue;
            Compatibility mode = mode(shape);
            if (shape.avroSchema() == null) {
                refuse(name, 0, mode, List.of(), name + ": cannot be a contract: " + shape.avroProblem(), origin);
                continue;
            }
            Contract contract = contracts.get(name);
            if (contract == null) {
                contract = first(shape, change, origin);
                effects.add(new ContractEffect(name, ContractEffect.Outcome.CREATED, 1, mode, List.of(), null, origin));
                keep(contract, changed);
                continue;
            }
            if (contract.compatibility() != mode) {
                contract = contract.withCompatibility(mode);
                effects.add(new ContractEffect(name, ContractEffect.Outcome.MODE_CHANGED, contract.latest().version(), mode,
                        List.of(), null, origin));
                keep(contract, changed);
            }
            if (!Objects.equals(contract.topic(), topic(shape))) {
                contract = contract.withTopic(topic(shape));
                keep(contract, changed);
            }
            ContractVersion latest = contract.latest();
            boolean sameSchema = CompatibilityCheck.parse(shape.avroSchema()).equals(CompatibilityCheck.parse(latest.avroSchema()));
            if (sameSchema && shape.primaryKey().equals(latest.primaryKey())) continue;
            ContractVersion next = version(latest.version() + 1, shape, change, origin);
            List<String> changes = new ArrayList<>(TableShape.columnChanges(latest.columns(), next.columns()));
            if (!latest.primaryKey().equals(next.primaryKey())) {
                changes.add("primary key " + TableShape.key(latest.primaryKey()) + " -> " + TableShape.key(next.primaryKey()));
            }
            Optional<String> problem = CompatibilityCheck.problem(name, mode, contract.versions(), next, changes);
            if (problem.isPresent()) {
                refuse(name, next.version(), mode, changes, problem.get(), origin);
                continue;
            }
            contract = contract.withVersion(next);
            effects.add(new ContractEffect(name, ContractEffect.Outcome.NEW_VERSION, next.version(), mode, changes, null, origin));
            keep(contract, changed);
        }
        return new Observed(changed, List.copyOf(effects.subList(before, effects.size())));
    }

    private void keep(Contract c, List<Contract> changed) {
        contracts.put(c.table(), c);
        changed.removeIf(o -> o.table().equals(c.table()));
        changed.add(c);
    }

    private void refuse(String table, int version, Compatibility mode, List<String> changes, String problem, String origin) {
        if (strict) throw new ContractException(problem);
        effects.add(new ContractEffect(table, ContractEffect.Outcome.REFUSED, version, mode, changes, problem, origin));
    }

    private static Contract first(TableShape shape, String change, String origin) {
        return new Contract(shape.name(), mode(shape), List.of(version(1, shape, change, origin)), topic(shape));
    }

    // the one topic a Kafka table is published on ('topic'; a list or pattern is no single subject); debezium-kafka
    // publishes change events, not the table's rows, so its topic's subjects are the events' (registered by the sink)
    private static String topic(TableShape shape) {
        if ("debezium-kafka".equals(shape.options().get("connector"))) return null;
        String t = shape.options().get("topic");
        return t == null || t.contains(";") ? null : t.strip();
    }

    private static ContractVersion version(int n, TableShape shape, String change, String origin) {
        return new ContractVersion(n, shape.physicalColumns(), shape.primaryKey(), shape.avroSchema(), change, origin, Instant.now());
    }
}
