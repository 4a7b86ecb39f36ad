package io.cdcbridge.control.workspace;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cdcbridge.control.contract.Contract;
import io.cdcbridge.control.registry.RegistryState;
import io.cdcbridge.control.statement.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The control plane's durable state in one directory: the catalog, the statements, the contracts, the secrets
 * (in a file of their own, see {@link SecretStore}), and (in local mode) checkpoints and savepoints. Every write
 * replaces a file atomically, so a crash leaves either the old or the new content. Folders are 0700 and files 0600.
 */
public final class Workspace {

    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{" + SecretStore.PREFIX + "([^}]+)}");
    private static final List<String> FOLDERS = List.of("statements", "contracts", "checkpoints", "savepoints", "logs");
    // made owner-only in passes: the folders above and the server's temporary files (Flink's among them)
    private static final String TEMP = "tmp";
    private static final Set<String> RESTRICTED = Set.of("statements", "contracts", "checkpoints", "savepoints", "logs", TEMP);

    private final Path root;
    private SecretStore secrets;

    private Workspace(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) the workspace at {@code dir}. */
    public static Workspace open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            ownerOnly(root);
            for (String folder : FOLDERS) ownerOnly(Files.createDirectories(root.resolve(folder)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create workspace " + root + ": " + e.getMessage(), e);
        }
        return new Workspace(root);
    }

    public Path root() {
        return root;
    }

    /** The folder for the server's temporary files (not created here). */
    public Path temp() {
        return temp(root);
    }

    /** That folder of the workspace at {@code dir}, before it is opened. */
    public static Path temp(Path dir) {
        return dir.toAbsolutePath().normalize().resolve(TEMP);
    }

    /** Where the statement's checkpoints are kept when the workspace is its state dir. */
    public Path checkpointDir(String statement) {
        return root.resolve("checkpoints").resolve(statement);
    }

    /** Where the statement's savepoints are kept when the workspace is its state dir. */
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

    /**
     * The variable values earlier versions kept for the whole workspace (the latest run's winning); read only for
     * statements and definitions stored before each kept its own values.
     */
    public Map<String, String> legacyVariables() {
        return read(root.resolve("variables.json"), new TypeReference<Map<String, String>>() {}, new LinkedHashMap<>());
    }

    /** Forgets the secrets neither the catalog nor any statement refers to (those of a script that was undone). */
    public void pruneSecrets() {
        Set<String> referenced = new java.util.HashSet<>();
        try {
            String stored = Json.MAPPER.writeValueAsString(List.of(definitions(), statements()));
            Matcher m = SECRET_REFERENCE.matcher(stored);
            while (m.find()) referenced.add(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        secrets().retain(referenced);
    }

    /** Removes the workspace-wide values of an earlier version, once nothing needs them. */
    public void deleteLegacyVariables() {
        try {
            Files.deleteIfExists(root.resolve("variables.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The secret values the catalog and statements refer to. */
    public synchronized SecretStore secrets() {
        if (secrets == null) {
            Path file = root.resolve("secrets.json");
            secrets = new SecretStore(read(file, new TypeReference<Map<String, String>>() {}, Map.of()), v -> write(file, v));
        }
        return secrets;
    }

    /**
     * Makes what is in the workspace owner-only as {@link #restrictPermissions} does, then each new entry as it
     * appears, until closed: the server's way while it runs, as Flink writes with the process's umask.
     *
     * @throws IOException when the file system cannot watch folders (no inotify instance left); passes are the way then
     */
    public AutoCloseable watchPermissions() throws IOException {
        return new OwnerOnlyWatch(root, RESTRICTED, Workspace::restrictQuietly);
    }

    /**
     * Makes the workspace's own folders 0700 and files 0600, also those Flink and the log wrote (checkpoints,
     * savepoints, logs, temporary files) with the process's umask. Other folders (embedded services' data) keep what
     * their owners set, as a database's data folder may need other modes.
     */
    public void restrictPermissions() {
        restrictQuietly(root);
        for (Path p : list(root)) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                restrictQuietly(p);
            } else if (RESTRICTED.contains(p.getFileName().toString())) {
                try (Stream<Path> all = Files.walk(p)) {
                    all.forEach(Workspace::restrictQuietly);
                } catch (IOException | UncheckedIOException e) {
                    // a folder vanished while walking (a checkpoint Flink subsumed); the next pass covers the rest
                }
            }
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void restrictQuietly(Path p) {
        try {
            ownerOnly(p);
        } catch (IOException e) {
            // gone meanwhile: nothing to restrict
        }
    }

    /** What the schema registry keeps beside the contracts: schema ids, subjects no contract owns, their mode. */
    public RegistryState registry() {
        return read(root.resolve("registry.json"), new TypeReference<RegistryState>() {}, RegistryState.empty());
    }

    /** Replaces what the schema registry keeps. */
    public void saveRegistry(RegistryState state) {
        write(root.resolve("registry.json"), state);
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
            Files.deleteIfExists(tmp);
            // created owner-only, so the content is never readable by others, not even for a moment
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(value));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write workspace file " + file + ": " + e.getMessage(), e);
        }
    }

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static Path ownerOnly(Path p) throws IOException {
        try {
            Set<PosixFilePermission> wanted = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE;
            if (Files.isSymbolicLink(p)) return p;
            if (!Files.getPosixFilePermissions(p).equals(wanted)) Files.setPosixFilePermissions(p, wanted);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing finer to set
        }
        return p;
    }
}
