package io.cdcbridge.engine.session;

import io.cdcbridge.control.engine.EngineException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Flink checks a table's connector and options only when a statement reads or writes it; this checks a new or altered
 * table at once, as Flink would: its connector found and its options validated, as a source, else as a sink. Flink
 * stops at the first of its lists (missing options before unsupported ones): a misspelled key is both, so both are
 * told.
 */
final class ConnectorCheck {

    private static final String MISSING = "Missing required options are:";

    private ConnectorCheck() {}

    static void check(TableEnvironment env, ObjectIdentifier id) throws EngineException {
        Optional<ContextResolvedTable> found = ((TableEnvironmentInternal) env).getCatalogManager().getTable(id);
        if (found.isEmpty() || found.get().isTemporary()
                || !(found.get().getResolvedTable() instanceof ResolvedCatalogTable table)) return;
        Optional<ValidationException> asSource = asSource(env, id, table);
        if (asSource.isEmpty()) return;
        Optional<ValidationException> asSink = asSink(env, id, table);
        if (asSink.isEmpty()) return;
        // a sink-only connector says so as a source; its own problem is the one worth telling
        boolean sinkOnly = FailureCause.describe(asSource.get()).contains("can only be used as a sink");
        ValidationException shown = sinkOnly ? asSink.get() : asSource.get();
        String message = FailureCause.describe(shown);
        List<String> missing = missing(shown);
        if (!missing.isEmpty()) {
            // the same table with the missing options given: what Flink says then is what else is wrong
            Map<String, String> filled = new HashMap<>(table.getOptions());
            missing.forEach(k -> filled.put(k, "0"));
            ResolvedCatalogTable probe = table.copy(filled);
            Optional<ValidationException> more = sinkOnly ? asSink(env, id, probe) : asSource(env, id, probe);
            String unsupported = more.map(FailureCause::describe).orElse("");
            int at = unsupported.indexOf("Unsupported options found for");
            if (at >= 0) message = message + ". " + unsupported.substring(at);
        }
        throw new EngineException(message, shown);
    }

    private static Optional<ValidationException> asSource(TableEnvironment env, ObjectIdentifier id, ResolvedCatalogTable t) {
        try {
            FactoryUtil.createDynamicTableSource(null, id, t, Map.of(), env.getConfig(), loader(), false);
            return Optional.empty();
        } catch (ValidationException e) {
            return Optional.of(e);
        }
    }

    private static Optional<ValidationException> asSink(TableEnvironment env, ObjectIdentifier id, ResolvedCatalogTable t) {
        try {
            FactoryUtil.createDynamicTableSink(null, id, t, Map.of(), env.getConfig(), loader(), false);
            return Optional.empty();
        } catch (ValidationException e) {
            return Optional.of(e);
        }
    }

    // the keys Flink lists after "Missing required options are:", one a line
    private static List<String> missing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(MISSING);
            if (at >= 0) {
                return m.substring(at + MISSING.length()).strip().split("\\n\\s*\\n")[0].lines()
                        .map(String::strip).filter(l -> !l.isEmpty()).toList();
            }
            if (t.getCause() == t) break;
        }
        return List.of();
    }

    private static ClassLoader loader() {
        return Thread.currentThread().getContextClassLoader();
    }
}
