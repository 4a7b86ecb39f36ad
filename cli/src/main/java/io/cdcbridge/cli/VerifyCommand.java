package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.cli.verify.VerifyReportText;
import io.cdcbridge.verify.Mapping;
import io.cdcbridge.verify.Repair;
import io.cdcbridge.verify.Report;
import io.cdcbridge.verify.Settle;
import io.cdcbridge.verify.TableRef;
import io.cdcbridge.verify.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Option;

/** {@code cdcbridge verify}: proves that a target table holds what its source holds, and repairs what differs. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compares a statement's target table with its source table (verify STATEMENT, on the server), or any two "
                + "tables (--source ... --target ..., directly).",
                "Compares a target table with its source: row counts and checksums over key ranges computed inside both "
                + "databases, differing ranges bisected down to rows; lists missing, extra and different rows (with the columns).",
                "Exit code 0 when equal, 1 on a difference. Passwords come from $CDCBRIDGE_SOURCE_PASSWORD and "
                        + "$CDCBRIDGE_TARGET_PASSWORD, or --source-password-file / --target-password-file."})
public final class VerifyCommand implements Callable<Integer> {

    static final String SOURCE_PASSWORD_ENV = "CDCBRIDGE_SOURCE_PASSWORD";
    static final String TARGET_PASSWORD_ENV = "CDCBRIDGE_TARGET_PASSWORD";

    @Option(names = "--source", paramLabel = "JDBC_URL", description = "The source database: jdbc:postgresql://..., jdbc:mysql://... or jdbc:mariadb://...")
    String sourceUrl;

    @Option(names = "--source-table", paramLabel = "[SCHEMA.]TABLE", description = "The source table (a part in double quotes may hold dots).")
    String sourceTable;

    @Option(names = "--source-user", paramLabel = "USER", description = "The user to read the source as.")
    String sourceUser;

    @Option(names = "--source-password-file", paramLabel = "FILE", description = "A file whose first line is the source user's password.")
    Path sourcePasswordFile;

    @Option(names = "--target", paramLabel = "JDBC_URL", description = "The target database.")
    String targetUrl;

    @Option(names = "--target-table", paramLabel = "[SCHEMA.]TABLE", description = "The target table.")
    String targetTable;

    @Option(names = "--target-user", paramLabel = "USER", description = "The user to read (and repair) the target as.")
    String targetUser;

    @Option(names = "--target-password-file", paramLabel = "FILE", description = "A file whose first line is the target user's password.")
    Path targetPasswordFile;

    @Option(names = "--key", split = ",", paramLabel = "COLUMN", description = "The key columns (default: the source's primary key).")
    List<String> key;

    @Option(names = "--soft-delete-column", paramLabel = "COLUMN", description = "The target's flag whose true rows stand for deleted ones, e.g. __deleted.")
    String softDelete;

    @Option(names = "--deletes-ignored", description = "The target keeps rows deleted in the source: a row only in the target is no difference.")
    boolean deletesIgnored;

    @Option(names = "--version-column", paramLabel = "COLUMN", description = "The target's version column: a repair never overwrites a newer target row.")
    String version;

    @Option(names = "--recheck-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "While the tables are being written to: read differing rows again after this long ("
                    + DurationConverter.SYNTAX + "), reporting only those that still differ.")
    Duration recheckAfter;

    @Option(names = "--connections", paramLabel = "N", description = "Connections per side the whole tables are first "
            + "counted and hashed on at once, each reading a part of the table (default: this machine's cores, at most 8).")
    Integer connections;

    @Option(names = "--repair", description = "Rewrite the differing rows in the target with the source's values, then verify again.")
    boolean repair;

    @Parameters(index = "0", arity = "0..1", paramLabel = "STATEMENT",
            description = "A statement: the server compares the table it writes with the table it reads, as its query maps them.")
    String statement;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
        if (statement != null) return verifyStatement();
        if (sourceUrl == null || sourceTable == null || targetUrl == null || targetTable == null) {
            throw new IllegalArgumentException("name a STATEMENT, or the tables: --source, --source-table, --target and --target-table");
        }
        boolean json = client.json;
        TableRef source = new TableRef(sourceUrl, sourceUser, password(sourcePasswordFile, SOURCE_PASSWORD_ENV), TableRef.parseName(sourceTable));
        TableRef target = new TableRef(targetUrl, targetUser, password(targetPasswordFile, TARGET_PASSWORD_ENV), TableRef.parseName(targetTable));
        PrintStream out = System.out;
        Verifier.Options options = Verifier.Options.defaults().withProgress(progress());
        if (recheckAfter != null) options = options.withSettle(Settle.waiting(recheckAfter));
        if (connections != null) options = options.withConnections(connections);
        try (Verifier verifier = Verifier.open(source, target)) {
            Mapping mapping = verifier.byName(Optional.ofNullable(key), Optional.ofNullable(softDelete), deletesIgnored, Optional.ofNullable(version));
            Report report = verifier.verify(mapping, options);
            clearProgress();
            if (!repair || report.equal()) {
                out.println(json ? VerifyReportText.json(report).toString() : VerifyReportText.text(report));
                return report.equal() ? 0 : 1;
            }
            Repair.Result repaired = Repair.run(verifier, mapping, report.listed());
            Report after = verifier.verify(mapping, options);
            clearProgress();
            if (json) {
                ObjectNode o = VerifyReportText.json(report);
                o.putObject("repair").put("upserted", repaired.upserted()).put("deleted", repaired.deleted()).put("gone", repaired.gone());
                o.set("after_repair", VerifyReportText.json(after));
                out.println(o);
            } else {
                out.println(VerifyReportText.text(report));
                out.println("repair: " + repaired.upserted() + " rows written from the source, " + repaired.deleted() + " deleted"
                        + (repaired.gone() > 0 ? ", " + repaired.gone() + " gone from both" : ""));
                out.println("after repair:");
                out.println(VerifyReportText.text(after).lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse(""));
            }
            return after.equal() ? 0 : 1;
        }
    }

    // the server knows the statement's tables, their passwords and its mapping; it answers with the report
    private int verifyStatement() {
        if (sourceUrl != null || targetUrl != null || sourceTable != null || targetTable != null) {
            throw new IllegalArgumentException("a STATEMENT names its tables: --source and --target go without one");
        }
        JsonNode report = client.client().verify(statement, repair);
        if (client.json) {
            System.out.println(report.toString());
        } else {
            System.out.println(report.path("summary").asText());
            if (report.has("repair")) {
                JsonNode r = report.path("repair");
                System.out.println("repair: " + r.path("upserted").asLong() + " rows written from the source, " + r.path("deleted").asLong() + " deleted"
                        + (r.path("extra_left").asLong() > 0 ? ", " + r.path("extra_left").asLong() + " rows only in the topic left as they are"
                                + " (its statement writes no delete for a row its source never had)" : ""));
                System.out.println("after repair:");
                System.out.println(report.path("after_repair").path("summary").asText().lines().map(l -> "  " + l)
                        .reduce((a, b) -> a + "\n" + b).orElse(""));
            }
        }
        JsonNode last = report.has("after_repair") ? report.path("after_repair") : report;
        return last.path("equal").asBoolean() ? 0 : 1;
    }

    private static String password(Path file, String env) throws IOException {
        if (file != null) return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        return System.getenv(env);
    }

    // a progress line on a terminal only: scripts and pipes get the report alone
    private io.cdcbridge.verify.Progress progress() {
        if (client.json || System.console() == null) return io.cdcbridge.verify.Progress.NONE;
        return (phase, done, total) -> System.err.printf(Locale.ROOT, "\r%s: %d of %d %s   ", phase, done, total,
                phase.equals("rows") ? "range groups" : "ranges");
    }

    private void clearProgress() {
        if (!client.json && System.console() != null) System.err.print("\r" + " ".repeat(60) + "\r");
    }
}
