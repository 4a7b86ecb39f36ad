package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.workspace.Json;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdcbridge statements ...}: list, describe, stop, resume, delete. */
@Command(name = "statements", mixinStandardHelpOptions = true, description = "Manages statements.",
        subcommands = {StatementsCommand.List.class, StatementsCommand.Describe.class, StatementsCommand.Stop.class,
                StatementsCommand.Resume.class, StatementsCommand.Delete.class, StatementsCommand.DeadLetters.class})
final class StatementsCommand {

    /** Polls a statement until its phase is no longer {@code phase} or {@code seconds} passed. */
    static JsonNode awaitPhaseChange(ServerClient server, String name, String phase, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode s = server.statement(name);
        while (phase.equals(s.path("status").path("phase").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            s = server.statement(name);
        }
        return s;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists statements with their phase, lag, rows written per second, dead letters and age"
                    + " (the reason of a failure: describe).")
    static final class List extends ClientAction {
        @Override
        JsonNode act(ServerClient server) {
            JsonNode answer = server.statements();
            Map<String, JsonNode> metrics = new java.util.HashMap<>();
            for (JsonNode m : server.metrics().path("statements")) metrics.put(m.path("name").asText(), m);
            for (JsonNode s : answer.path("statements")) {
                JsonNode m = metrics.get(s.path("name").asText());
                if (m != null) ((ObjectNode) s).set("metrics", m);
            }
            return answer;
        }

        @Override
        void print(JsonNode answer) {
            String row = "%-32s %-10s %-16s %9s %6s %6s%n";
            System.out.printf(row, "NAME", "PHASE", "LAG", "ROWS/S", "DLQ", "AGE");
            java.time.Instant now = java.time.Instant.now();
            for (JsonNode s : answer.path("statements")) {
                JsonNode m = s.path("metrics");
                System.out.printf(row, s.path("name").asText(), s.path("status").path("phase").asText(),
                        Figures.lag(m), Figures.rate(m.path("rows_per_second")), Figures.count(m.path("dead_letters")),
                        Figures.age(s.path("created_at").asText(), now));
            }
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Shows a statement: query, properties, the values it was compiled with, phase (with the reason of a"
                    + " failure), savepoint, offsets, the range of each topic it writes, and the tables it was compiled"
                    + " against, each with whether the catalog has changed it since.")
    static final class Describe extends ClientAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        JsonNode act(ServerClient server) {
            JsonNode s = server.statement(name);
            if ("RUNNING".equals(s.path("status").path("phase").asText())) {
                ((ObjectNode) s).set("current_offsets", server.offsets(name).path("latest_offsets"));
            }
            ((ObjectNode) s).set("metrics", server.metrics(name).path("latest"));
            try {
                ((ObjectNode) s).set("dependencies", server.dependencies(name).path("dependencies"));
            } catch (ApiException e) {
                // the statement is still worth showing when its snapshot no longer compiles
                ((ObjectNode) s).put("dependencies_error", e.getMessage());
            }
            return s;
        }

        @Override
        void print(JsonNode s) {
            JsonNode st = s.path("status");
            System.out.println("Name:        " + s.path("name").asText());
            System.out.println("Phase:       " + st.path("phase").asText());
            if (st.has("detail")) System.out.println("Detail:      " + st.path("detail").asText());
            if (st.has("job_id")) System.out.println("Job:         " + st.path("job_id").asText());
            if (!st.path("recent_errors").isEmpty()) {
                System.out.println("Recent errors (newest last):");
                for (JsonNode e : st.path("recent_errors")) {
                    System.out.println("  " + e.path("at").asText() + "  " + e.path("phase").asText() + "  " + e.path("message").asText());
                }
            }
            System.out.println("Origin:      " + s.path("origin").asText());
            if (s.path("spec").hasNonNull("principal")) {
                System.out.println("Principal:   " + s.path("spec").path("principal").asText());
            }
            JsonNode lineage = s.path("lineage");
            if (lineage.has("evolved_from")) {
                System.out.println("Evolved from: " + lineage.path("evolved_from").asText() + " (" + lineage.path("strategy").asText()
                        + ", started from " + lineage.path("started_from").asText() + ", " + lineage.path("at").asText() + ")");
            }
            System.out.println("Created:     " + s.path("created_at").asText());
            System.out.println("Properties:");
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("spec").path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                System.out.println("  " + e.getKey() + " = " + e.getValue().asText());
            }
            System.out.println("Statement:");
            s.path("spec").path("statement").asText().lines().forEach(l -> System.out.println("  " + l));
            if (!s.path("values").isEmpty()) {
                System.out.println("Values (as compiled; a later run or a restart does not change them):");
                s.path("values").fields().forEachRemaining(e -> System.out.println("  ${" + e.getKey() + "} = " + e.getValue().asText()));
            }
            if (st.has("savepoint")) System.out.println("Savepoint:   " + st.path("savepoint").asText());
            printOffsets("Latest offsets" + (st.has("latest_offsets_timestamp")
                    ? " (taken " + st.path("latest_offsets_timestamp").asText() + ")" : "") + ":", st.path("latest_offsets"));
            printOffsets("Current offsets:", s.path("current_offsets"));
            printOutputRanges(st.path("output_ranges"));
            Figures.printMetrics(s.path("metrics"));
            printDependencies(s.path("dependencies"));
            if (s.has("dependencies_error")) System.out.println("Dependencies: " + s.path("dependencies_error").asText());
        }

        // the snapshot a statement runs with, and what a later ALTER changed in the catalog without reaching it
        private static void printDependencies(JsonNode deps) {
            if (!deps.isArray() || deps.isEmpty()) return;
            System.out.println("Dependencies (as compiled into the statement; a later change does not reach it):");
            for (JsonNode d : deps) {
                String role = d.path("role").asText().toLowerCase(java.util.Locale.ROOT);
                String state = switch (d.path("state").asText()) {
                    case "CHANGED" -> "changed since: " + String.join("; ",
                            java.util.stream.StreamSupport.stream(d.path("changes").spliterator(), false).map(JsonNode::asText).toList());
                    case "DROPPED" -> "dropped from the catalog since";
                    default -> "unchanged";
                };
                System.out.println("  " + d.path("name").asText() + " (" + role + "): " + state);
            }
        }

        // a value, or a map's entries as k:v,k:v (Kafka offsets per partition)
        private static String shown(JsonNode v) {
            if (!v.isObject()) return v.asText();
            java.util.List<String> entries = new java.util.ArrayList<>();
            v.fields().forEachRemaining(e -> entries.add(e.getKey() + ":" + e.getValue().asText()));
            return String.join(",", entries);
        }

        // what it wrote to each topic: per partition the end offset at its first start .. at its stop (open while it runs)
        private static void printOutputRanges(JsonNode ranges) {
            if (!ranges.isArray() || ranges.isEmpty()) return;
            System.out.println("Output ranges (per partition: the topic's end at its first start..at its stop):");
            for (JsonNode r : ranges) {
                java.util.SortedSet<Integer> partitions = new java.util.TreeSet<>();
                r.path("from").fieldNames().forEachRemaining(p -> partitions.add(Integer.valueOf(p)));
                r.path("to").fieldNames().forEachRemaining(p -> partitions.add(Integer.valueOf(p)));
                java.util.List<String> parts = new java.util.ArrayList<>();
                for (int p : partitions) {
                    String key = String.valueOf(p);
                    parts.add(p + ":" + r.path("from").path(key).asLong(0) + ".." + (r.has("to") ? r.path("to").path(key).asLong(0) : ""));
                }
                System.out.println("  " + r.path("table").asText() + " -> topic " + r.path("topic").asText() + ": "
                        + String.join(", ", parts) + (r.has("to") ? "" : " (open: it writes on)"));
            }
        }

        private static void printOffsets(String title, JsonNode offsets) {
            if (!offsets.isArray() || offsets.isEmpty()) return;
            System.out.println(title);
            for (JsonNode o : offsets) {
                StringBuilder b = new StringBuilder("  " + o.path("table").asText() + " (" + o.path("connector").asText() + "):");
                o.path("position").fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("type")) b.append(' ').append(e.getKey()).append('=').append(shown(e.getValue()));
                });
                System.out.println(b);
            }
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = "Shows a statement's dead letters, oldest first: where each lies, why, where its record came from,"
                    + " and its key and value (cut, secrets masked, base64 when not text).")
    static final class DeadLetters extends ClientAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--offset", paramLabel = "N", description = "Skip the first N letters (default: 0).")
        int offset;

        @Option(names = "--limit", paramLabel = "N", description = "Show at most N letters (1 to 500; default: 20).")
        int limit = 20;

        @Override
        JsonNode act(ServerClient server) {
            return server.deadLetters(name, offset, limit);
        }

        @Override
        void print(JsonNode answer) {
            if (answer.hasNonNull("unknown")) System.out.println(answer.path("unknown").asText());
            int shown = answer.path("letters").size();
            System.out.println((shown == 0 ? "no" : (offset + 1) + "-" + (offset + shown) + " of") + " "
                    + answer.path("total").asLong() + (answer.path("complete").asBoolean() ? "" : "+")
                    + " dead letters in " + String.join(", ", Json.MAPPER.convertValue(answer.path("topics"), String[].class)));
            for (JsonNode l : answer.path("letters")) {
                System.out.println();
                System.out.println(l.path("topic").asText() + "-" + l.path("partition").asInt() + " offset "
                        + l.path("offset").asLong() + " at " + l.path("at").asText());
                System.out.println("  reason: " + l.path("reason").asText());
                if (l.hasNonNull("origin")) System.out.println("  from:   " + l.path("origin").asText());
                if (l.hasNonNull("key")) System.out.println("  key:    " + l.path("key").asText());
                System.out.println("  value:  " + (l.hasNonNull("value_encoding") ? "(" + l.path("value_encoding").asText() + ") " : "")
                        + l.path("value").asText("(none)"));
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a statement, with a savepoint if asked.")
    static final class Stop extends ClientAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--savepoint", description = "Take a savepoint, so a new statement can start from it.")
        boolean savepoint;

        @Override
        JsonNode act(ServerClient server) {
            return server.stop(name, savepoint);
        }

        @Override
        void print(JsonNode s) {
            System.out.println("statement '" + s.path("name").asText() + "' " + s.path("status").path("phase").asText()
                    + (s.path("status").has("savepoint") ? ", savepoint " + s.path("status").path("savepoint").asText() : ""));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a stopped or failed statement from its savepoint or latest checkpoint; exits 1 if it ends FAILED.")
    static final class Resume extends ClientAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--principal", description = "Run it from now on as this principal (a token's name; 'local' on a server without tokens).")
        String principal;

        @Option(names = "--set", description = "Resume with other resources, e.g. --set parallelism.default=4 (restores the savepoint at that parallelism).")
        java.util.Map<String, String> resources = java.util.Map.of();

        @Override
        JsonNode act(ServerClient server) throws InterruptedException {
            if (principal == null && resources.isEmpty()) server.resume(name);
            else server.resume(name, principal, resources);
            return awaitPhaseChange(server, name, "PENDING", 120);
        }

        @Override
        void print(JsonNode s) {
            System.out.println("statement '" + s.path("name").asText() + "' " + s.path("status").path("phase").asText()
                    + (s.path("status").has("detail") ? ": " + s.path("status").path("detail").asText() : ""));
        }

        // a script that resumes a statement must see that it did not come back
        @Override
        int exitCode(JsonNode s) {
            return "FAILED".equals(s.path("status").path("phase").asText()) ? 1 : 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Stops a statement's job, forgets the statement and drops the replication slots only it read.")
    static final class Delete extends ClientAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        JsonNode act(ServerClient server) {
            return server.delete(name);
        }

        @Override
        void print(JsonNode answer) {
            System.out.println("statement '" + answer.path("deleted").asText() + "' deleted");
            for (JsonNode note : answer.path("notes")) System.out.println("  " + note.asText());
        }
    }
}
