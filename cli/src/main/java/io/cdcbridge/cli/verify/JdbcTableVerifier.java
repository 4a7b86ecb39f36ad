package io.cdcbridge.cli.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.control.verify.TableVerifier;
import io.cdcbridge.control.verify.VerifyRequest;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.verify.Mapping;
import io.cdcbridge.verify.Repair;
import io.cdcbridge.verify.Report;
import io.cdcbridge.verify.Settle;
import io.cdcbridge.verify.SlotSettle;
import io.cdcbridge.verify.TableRef;
import io.cdcbridge.verify.Verifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The server's verification of statements: control's port on the verify module. */
public final class JdbcTableVerifier implements TableVerifier {

    private static final Duration RECHECK_AFTER = Duration.ofSeconds(5);
    private static final Duration SLOT_WAIT = Duration.ofSeconds(60);

    @Override
    public Map<String, Object> verify(VerifyRequest request, boolean repair) throws Exception {
        TableRef source = ref(request.source());
        TableRef target = ref(request.target());
        Mapping mapping = new Mapping(pairs(request.key()), pairs(request.values()), request.softDelete(), request.deletesIgnored(),
                request.version(), request.note());
        Verifier.Options options = Verifier.Options.defaults();
        // a running statement has changes in flight: differences are read again once the pipeline has passed them
        // (a scratch copy, a topic's or a recomputed query's, is made again by the caller instead)
        if (request.settles()) {
            options = options.withSettle(request.slot().map(slot -> SlotSettle.of(source, slot, SLOT_WAIT))
                    .orElse(Settle.waiting(RECHECK_AFTER)));
        }
        try (Verifier verifier = Verifier.open(source, target)) {
            Report report = verifier.verify(mapping, options);
            ObjectNode o = VerifyReportText.json(report);
            o.put("summary", VerifyReportText.text(report));
            if (repair && !report.equal() && request.topic().isPresent()) {
                // a topic takes its rows from its statement: the caller writes these keys' rows again through it
                long listed = Repair.listKeys(verifier, mapping, report.listed(), ref(request.topic().get().keys()));
                o.putObject("repair").put("upserted", listed).put("deleted", 0).put("gone", 0)
                        .put("extra_left", report.mismatches().get(io.cdcbridge.verify.Mismatch.Kind.EXTRA));
            } else if (repair && !report.equal()) {
                Repair.Result repaired = Repair.run(verifier, mapping, report.listed());
                Report after = verifier.verify(mapping, options);
                o.putObject("repair").put("upserted", repaired.upserted()).put("deleted", repaired.deleted()).put("gone", repaired.gone());
                ObjectNode again = VerifyReportText.json(after);
                again.put("summary", VerifyReportText.text(after));
                o.set("after_repair", again);
            }
            return Json.MAPPER.convertValue(o, new TypeReference<Map<String, Object>>() {});
        }
    }

    @Override
    public void drop(VerifyRequest.Location table) throws Exception {
        ref(table).drop();
    }

    private static TableRef ref(VerifyRequest.Location l) {
        return new TableRef(l.url(), l.user(), l.password(), l.name(), l.properties());
    }

    private static List<Mapping.Pair> pairs(List<List<String>> pairs) {
        return pairs.stream().map(p -> new Mapping.Pair(p.get(0), p.get(1))).toList();
    }
}
