package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdcbridge contracts ...}: list, describe, check. */
@Command(name = "contracts", mixinStandardHelpOptions = true,
        description = "Shows contracts (tables others consume: Kafka topics, JDBC targets), their versions, and what a script would do to them.",
        subcommands = {ContractsCommand.List.class, ContractsCommand.Describe.class, ContractsCommand.Check.class})
final class ContractsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists contracts with their mode and latest version.")
    static final class List extends ClientAction {
        @Override
        JsonNode act(ServerClient server) {
            return server.contracts();
        }

        @Override
        void print(JsonNode answer) {
            System.out.printf("%-32s %-20s %-8s %s%n", "TABLE", "COMPATIBILITY", "VERSION", "UPDATED");
            for (JsonNode c : answer.path("contracts")) {
                System.out.printf("%-32s %-20s %-8s %s%n", c.path("table").asText(), c.path("compatibility").asText(),
                        c.path("latest_version").asText(), c.path("updated_at").asText());
            }
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Shows a contract: its mode and every version (columns, key, the statement that made it, where and when).")
    static final class Describe extends ClientAction {
        @Parameters(paramLabel = "TABLE")
        String table;

        @Override
        JsonNode act(ServerClient server) {
            return server.contract(table);
        }

        @Override
        void print(JsonNode c) {
            System.out.println("Table:          " + c.path("table").asText());
            System.out.println("Compatibility:  " + c.path("compatibility").asText());
            for (JsonNode v : c.path("versions")) {
                System.out.println("Version " + v.path("version").asInt() + " (" + v.path("at").asText() + ", " + v.path("origin").asText() + ")");
                StringBuilder key = new StringBuilder();
                v.path("primary_key").forEach(k -> key.append(key.length() == 0 ? "" : ", ").append(k.asText()));
                for (JsonNode col : v.path("columns")) {
                    String sql = col.path("type").asText() + (col.path("nullable").asBoolean() ? "" : " NOT NULL");
                    System.out.println("  " + col.path("name").asText() + " " + sql);
                }
                if (key.length() > 0) System.out.println("  PRIMARY KEY (" + key + ")");
                System.out.println("  made by: " + v.path("change").asText().strip().lines().findFirst().orElse(""));
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Dry run: what a script would do to each contract (new contract, new version, refused and why). Applies nothing; exits 1 if a change would be refused.")
    static final class Check extends ClientAction {
        @Parameters(paramLabel = "FILE", description = "The script.")
        Path file;

        @Option(names = "--var", description = "A value for $${NAME} in the script; the environment is used for names not given.")
        Map<String, String> vars = new LinkedHashMap<>();

        @Override
        JsonNode act(ServerClient server) throws Exception {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such script: " + file);
            return server.checkContracts(RunCommand.request(file, vars, true));
        }

        @Override
        void print(JsonNode answer) {
            if (answer.path("contracts").isEmpty()) System.out.println(file + ": changes no contract");
            for (JsonNode e : answer.path("contracts")) {
                String outcome = e.path("outcome").asText();
                String line = switch (outcome) {
                    case "CREATED" -> "new contract, version 1, " + e.path("compatibility").asText();
                    case "NEW_VERSION" -> "version " + e.path("version").asInt() + ", " + e.path("compatibility").asText()
                            + " compatible: " + changes(e);
                    case "MODE_CHANGED" -> "compatibility becomes " + e.path("compatibility").asText();
                    default -> "REFUSED: " + e.path("problem").asText();
                };
                System.out.println(e.path("origin").asText() + ": " + e.path("table").asText() + ": " + line);
            }
        }

        @Override
        int exitCode(JsonNode answer) {
            for (JsonNode e : answer.path("contracts")) {
                if ("REFUSED".equals(e.path("outcome").asText())) return 1;
            }
            return 0;
        }

        private static String changes(JsonNode e) {
            StringBuilder b = new StringBuilder();
            e.path("changes").forEach(c -> b.append(b.length() == 0 ? "" : "; ").append(c.asText()));
            return b.toString();
        }
    }
}
