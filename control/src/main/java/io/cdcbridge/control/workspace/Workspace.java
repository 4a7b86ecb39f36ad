package io.cdcbridge.control.workspace;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cdcbridge.control.contract.Contract;
import io.cdcbridge.control.statement.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The control plane's durable state in one directory: the catalog, the statements, the contracts, the variables
 * scripts were given, and (in local mode) checkpoints and savepoints. Every write replaces a file atomically, so a crash
 * leaves either the old or the new content. Directory and files are readable by their owner only, because a
 * script may hold a literal secret.
 */
public final class Workspace {

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) the workspace at {@code dir}. */
    public static Workspace open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root.resolve("statements"));
            Files.createDirectories(root.resolve("contracts"));
            Files.createDirectories(root.resolve("checkpoints"));
            Files.createDirectories(root.resolve("savepoints"));
            ownerOnly(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create workspace " + root + ": " + e.getMessage(), e);
        }
        return new Workspace(root);
    }

    public Path root() {
        return root;
    }

    /** Where the statement's checkpoints are kept. */
    public Path checkpointDir(String statement) {
        return root.resolve("checkpoints").resolve(statement);
    }

    /** Where the statement's savepoints are kept. */
    public Path savepointDir(String statement) {
        return root.resolve("savepoints").resolve(statement);
    }

    /** The catalog definitions in the order they were applied. */
    public List<Definition> definitions() {
        return read(root.resolve("catalog.json"), new TypeReference<List<Definition>>() {}, new ArrayList<>());
    }

    /** Replaces the catalog definitions. */
    public void saveDefinitions(List<Definition> definitions) {
        write(root.resolve("catalog.json"), definitions);
    }

    /** Every statement, by name. */
    public List<Statement> statements() {
        try (Stream<Path> files = Files.list(root.resolve("statements"))) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .map(p -> read(p, new TypeReference<Statement>() {}, null))
                    .sorted(Comparator.comparing(Statement::createdAt))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a statement, replacing the earlier record of the same name. */
    public void save(Statement statement) {
        write(root.resolve("statements").resolve(statement.name() + ".json"), statement);
    }

    /** Removes a statement's record. */
    public void delete(String statement) {
        try {
            Files.deleteIfExists(root.resolve("statements").resolve(statement + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every contract, by table name. */
    public List<Contract> contracts() {
        try (Stream<Path> files = Files.list(root.resolve("contracts"))) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> read(p, new TypeReference<Contract>() {}, null))
                    .sorted(Comparator.comparing(Contract::table))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The contract of a table, if it has one. */
    public Optional<Contract> contract(String table) {
        return Optional.ofNullable(read(contractFile(table), new TypeReference<Contract>() {}, null));
    }

    /** Stores a contract, replacing the earlier record of the same table. */
    public void save(Contract contract) {
        write(contractFile(contract.table()), contract);
    }

    // a table name may hold characters a file name should not
    private Path contractFile(String table) {
        return root.resolve("contracts").resolve(URLEncoder.encode(table, StandardCharsets.UTF_8) + ".json");
    }

    /** The variable values scripts were run with, kept so statements can be resumed after a restart. */
    public Map<String, String> variables() {
        return read(root.resolve("variables.json"), new TypeReference<Map<String, String>>() {}, new LinkedHashMap<>());
    }

    /** Replaces the stored variable values. */
    public void saveVariables(Map<String, String> variables) {
        write(root.resolve("variables.json"), variables);
    }

    /** Records where a running server answers, so the CLI finds it. */
    public void saveServer(ServerInfo info) {
        write(root.resolve("server.json"), info);
    }

    /** Where the server of this workspace answered last, if it wrote that down. */
    public ServerInfo server() {
        return read(root.resolve("server.json"), new TypeReference<ServerInfo>() {}, null);
    }

    /** Forgets the server's address (on a clean stop). */
    public void clearServer() {
        try {
            Files.deleteIfExists(root.resolve("server.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(Path file, TypeReference<T> type, T absent) {
        if (!Files.exists(file)) return absent;
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read workspace file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, Object value) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(value));
            ownerOnly(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write workspace file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void ownerOnly(Path p) throws IOException {
        try {
            String perms = Files.isDirectory(p) ? "rwx------" : "rw-------";
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing finer to set
        }
    }
}
