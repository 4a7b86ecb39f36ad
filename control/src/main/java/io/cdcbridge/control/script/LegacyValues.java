package io.cdcbridge.control.script;

import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.workspace.Definition;
import io.cdcbridge.control.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a workspace an earlier version wrote up to date: its catalog definitions and statements kept no values (they
 * were filled from one workspace-wide variables.json where the latest run won) and held literal secrets in clear.
 * Each is bound once to the values it would have run with now, literal secrets moved to the secret store; when
 * everything is bound, variables.json (secrets in clear among its values) goes.
 */
public final class LegacyValues {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyValues.class);

    private LegacyValues() {}

    /** Binds what {@code workspace} stored without values to {@code legacy}: the values the old version used. */
    public static void bind(Workspace workspace, VariableSource legacy) {
        Bindings bindings = new Bindings(workspace.secrets());
        boolean complete = true;
        List<Definition> definitions = workspace.definitions();
        if (definitions.stream().anyMatch(d -> d.values() == null)) {
            List<Definition> bound = new ArrayList<>();
            for (Definition d : definitions) {
                if (d.values() != null) {
                    bound.add(d);
                    continue;
                }
                String kept = bindings.externalize(d.sql(), Bindings.CATALOG);
                try {
                    bound.add(new Definition(kept, d.origin(), d.at(), bindings.bind(List.of(kept), Map.of(), legacy, Bindings.CATALOG)));
                } catch (Variables.UnknownVariableException e) {
                    LOG.warn("The catalog definition from {} keeps reading its values from variables.json: {}", d.origin(), e.getMessage());
                    bound.add(new Definition(kept, d.origin(), d.at(), null));
                    complete = false;
                }
            }
            workspace.saveDefinitions(bound);
        }
        for (Statement s : workspace.statements()) {
            if (s.values() != null) continue;
            List<String> snapshot = s.definitions().stream().map(d -> bindings.externalize(d, Bindings.CATALOG)).toList();
            List<String> texts = new ArrayList<>(snapshot);
            texts.add(s.spec().statement());
            try {
                workspace.save(new Statement(s.name(), s.spec(), s.status(), snapshot, s.origin(), s.createdAt(), s.updatedAt(),
                        s.lineage(), bindings.bind(texts, s.spec().properties(), legacy, Bindings.owner(s.name())), s.stateDir()));
            } catch (Variables.UnknownVariableException e) {
                LOG.warn("Statement {} keeps reading its values from variables.json: {}", s.name(), e.getMessage());
                workspace.save(new Statement(s.name(), s.spec(), s.status(), snapshot, s.origin(), s.createdAt(), s.updatedAt(),
                        s.lineage(), null, s.stateDir()));
                complete = false;
            }
        }
        if (complete) workspace.deleteLegacyVariables();
    }
}
