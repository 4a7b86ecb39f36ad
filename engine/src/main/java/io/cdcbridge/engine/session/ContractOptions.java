package io.cdcbridge.engine.session;

import io.cdcbridge.control.contract.ContractGuard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ddl.AlterTableChangeOperation;
import org.apache.flink.table.operations.ddl.AlterTableRenameOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.DropTableOperation;

/**
 * Keeps cdcbridge's own {@code contract.*} table options (e.g. {@code 'contract.compatibility' = 'FULL'} in WITH or
 * ALTER TABLE ... SET/RESET) out of Flink's catalog, whose connectors refuse options they do not know, and remembers
 * them per table for the contracts.
 */
final class ContractOptions {

    private final Map<ObjectIdentifier, Map<String, String>> byTable = new HashMap<>();

    /** An operation rewritten without contract options, and what to remember once it has run. */
    record Stripped(Operation operation, Runnable remember) {}

    /** The operation Flink is to run (null: nothing left to run) and the bookkeeping to do after it succeeded. */
    Stripped strip(Operation op, CatalogManager catalog) {
        if (op instanceof CreateTableOperation c) {
            Map<String, String> contract = contractOnly(c.getCatalogTable().getOptions());
            ObjectIdentifier id = c.getTableIdentifier();
            boolean kept = c.isIgnoreIfExists() && catalog.getTable(id).isPresent();
            Operation plain = contract.isEmpty() ? op : new CreateTableOperation(id,
                    c.getCatalogTable().copy(withoutContract(c.getCatalogTable().getOptions())), c.isIgnoreIfExists(), c.isTemporary());
            return new Stripped(plain, () -> {
                if (!kept) put(id, contract);
            });
        }
        if (op instanceof AlterTableChangeOperation a) {
            List<TableChange> flink = new ArrayList<>();
            List<TableChange> ours = new ArrayList<>();
            for (TableChange change : a.getTableChanges()) (isContract(change) ? ours : flink).add(change);
            if (ours.isEmpty()) return new Stripped(op, () -> { });
            ObjectIdentifier id = a.getTableIdentifier();
            CatalogTable table = a.getNewTable();
            Operation plain = flink.isEmpty() ? null
                    : new AlterTableChangeOperation(id, flink, table.copy(withoutContract(table.getOptions())), a.ignoreIfTableNotExists());
            return new Stripped(plain, () -> {
                Map<String, String> contract = new LinkedHashMap<>(of(id));
                for (TableChange change : ours) {
                    if (change instanceof TableChange.SetOption set) contract.put(set.getKey(), set.getValue());
                    if (change instanceof TableChange.ResetOption reset) contract.remove(reset.getKey());
                }
                put(id, contract);
            });
        }
        if (op instanceof DropTableOperation d) return new Stripped(op, () -> byTable.remove(d.getTableIdentifier()));
        if (op instanceof AlterTableRenameOperation r) {
            return new Stripped(op, () -> put(r.getNewTableIdentifier(), byTable.remove(r.getTableIdentifier())));
        }
        return new Stripped(op, () -> { });
    }

    /** The contract options of a table (empty if none). */
    Map<String, String> of(ObjectIdentifier table) {
        return byTable.getOrDefault(table, Map.of());
    }

    private void put(ObjectIdentifier id, Map<String, String> contract) {
        if (contract == null || contract.isEmpty()) byTable.remove(id);
        else byTable.put(id, Map.copyOf(contract));
    }

    private static boolean isContract(TableChange change) {
        String key = change instanceof TableChange.SetOption s ? s.getKey()
                : change instanceof TableChange.ResetOption r ? r.getKey() : null;
        return key != null && key.startsWith(ContractGuard.OPTION_PREFIX);
    }

    private static Map<String, String> contractOnly(Map<String, String> options) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith(ContractGuard.OPTION_PREFIX)) out.put(k, v);
        });
        return out;
    }

    private static Map<String, String> withoutContract(Map<String, String> options) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (!k.startsWith(ContractGuard.OPTION_PREFIX)) out.put(k, v);
        });
        return out;
    }
}
