package io.cdcbridge.control.verify;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement that reads topics no statement fills from a database (a producer writes them), its query run again:
 * a bounded job of the statement's own INSERT over its topics ({@link BoundedScript}), each read from where the
 * statement starts reading to its end as the job starts (or where the statement stopped), into a scratch table beside
 * the target written by the target's own sink (version guard, delete mode), which the verifier then compares with the
 * target.
 *
 * @param script the statement's script bounded: its topics, and its target writing the scratch table
 * @param query the statement's INSERT into the target
 * @param scratch where the job writes: a table of its own beside the target
 * @param described what the scratch table holds, in words, for the report
 */
public record Recompute(BoundedScript script, String query, VerifyRequest.Location scratch, String described) {

    private static final String TOMBSTONES = "__cdcbridge_tombstones";

    /**
     * The statement {@code job}'s {@code query} (one INSERT into {@code sink}) run again over its Kafka tables
     * {@code topics}, each ending at {@code ends} (see {@link BoundedScript}), into {@code scratch}.
     */
    static Recompute of(StatementJob job, String query, TableShape sink, List<TableShape> topics, Map<String, Map<Integer, Long>> ends,
                        VerifyRequest.Location scratch, String described) {
        Map<String, String> into = new LinkedHashMap<>();
        into.put("table-name", String.join(".", scratch.name()));
        into.put("auto-create", "true");
        // never the target's: where the scratch table's deletes keep their versions
        into.put("tombstone.table-name", last(tombstones(scratch)));
        BoundedScript script = new BoundedScript(job, topics, ends, List.of(new BoundedScript.Redirect(sink, into)));
        return new Recompute(script, query, scratch, described);
    }

    /** Runs the statement's query over its topics into the scratch table (created by the job's sink). */
    void run(Engine engine) throws EngineException {
        script.run(engine, "verify recompute " + script.job().name(), query);
    }

    /** Where the scratch table's sink keeps the versions of deleted keys (when it guards by version). */
    VerifyRequest.Location tombstones() {
        return tombstones(scratch);
    }

    private static VerifyRequest.Location tombstones(VerifyRequest.Location scratch) {
        List<String> name = new ArrayList<>(scratch.name().subList(0, scratch.name().size() - 1));
        name.add(last(scratch) + TOMBSTONES);
        return scratch.named(name);
    }

    private static String last(VerifyRequest.Location table) {
        return table.name().get(table.name().size() - 1);
    }
}
