package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The machine's newest PostgreSQL (PATH, /usr/lib/postgresql/VERSION/bin): initdb, then pg_ctl. As root the
 * binaries run as the {@code postgres} OS user, since initdb and postgres refuse root.
 */
record SystemPostgres(Path dir, int major, boolean asPostgresUser, String runuser) implements PostgresLauncher {

    private static final int OLDEST = 10; // pgoutput and logical replication slots came with 10
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    /** Why the machine's PostgreSQL binaries cannot be used. */
    static final class NoSystemBinaries extends Exception {
        NoSystemBinaries(String why) {
            super(why, null, false, false);
        }
    }

    @Override
    public Launched launch(Path home, Map<String, String> settings, String user, String password)
            throws IOException, InterruptedException {
        Path data = home.resolve("data");
        Path pwfile = home.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        List<String> runAs = List.of();
        if (asPostgresUser) {
            // initdb and postgres refuse to run as root; the postgres OS user must own everything they touch
            ServerProcesses.run(List.of("chown", "-R", "postgres:postgres", home.toString()), home);
            runAs = List.of(runuser, "-u", "postgres", "--");
        }
        List<String> initdb = new ArrayList<>(runAs);
        initdb.addAll(List.of(dir.resolve("initdb").toString(), "-D", data.toString(), "-U", user,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C", "--no-sync"));
        try {
            ServerProcesses.run(initdb, home);
        } finally {
            Files.deleteIfExists(pwfile);
        }
        PostgresConfiguration.write(data, home, settings);
        PgCtl control = new PgCtl(dir, home, runAs);
        int port = FreePorts.startOnFreePorts("PostgreSQL", 1, ports -> {
            control.start(List.of("-p", String.valueOf(ports[0])));
            return ports[0];
        });
        String url = "jdbc:postgresql://" + PostgresConfiguration.HOST + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL started but refuses " + user + ": " + e.getMessage(), e);
        }
        return new Launched(port, dir.toString(), runAs, null);
    }

    /** The newest usable binaries on the PATH or under /usr/lib/postgresql/VERSION/bin. */
    static SystemPostgres find() throws NoSystemBinaries {
        Set<Path> candidates = candidates();
        if (candidates.isEmpty()) {
            throw new NoSystemBinaries("no initdb, pg_ctl and postgres on the PATH or under /usr/lib/postgresql/*/bin");
        }
        boolean root = ServerProcesses.isRoot();
        String runuser = null;
        if (root) {
            if (!hasPostgresUser()) throw new NoSystemBinaries("running as root and there is no postgres OS user");
            runuser = findRunuser().orElseThrow(() -> new NoSystemBinaries("running as root and there is no runuser"));
        }
        List<SystemPostgres> found = new ArrayList<>();
        for (Path bin : candidates) {
            Optional<Integer> major = major(bin);
            if (major.isPresent() && major.get() >= OLDEST) found.add(new SystemPostgres(bin, major.get(), root, runuser));
        }
        return found.stream().max(Comparator.comparingInt(SystemPostgres::major))
                .orElseThrow(() -> new NoSystemBinaries("no PostgreSQL " + OLDEST + " or newer in " + candidates));
    }

    private static Set<Path> candidates() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isEmpty()) continue;
                Path pgCtl = Path.of(entry, "pg_ctl");
                // follow symlinks (e.g. /usr/local/bin/pg_ctl): initdb must sit next to the postgres it runs
                try {
                    if (Files.isExecutable(pgCtl)) dirs.add(pgCtl.toRealPath().getParent());
                } catch (IOException | RuntimeException e) {
                    // an unreadable PATH entry is no candidate
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin")).forEach(dirs::add);
            } catch (IOException e) {
                // nothing there
            }
        }
        dirs.removeIf(d -> !Stream.of("initdb", "pg_ctl", "postgres").allMatch(b -> Files.isExecutable(d.resolve(b))));
        return dirs;
    }

    private static Optional<Integer> major(Path bin) {
        try {
            Process p = new ProcessBuilder(bin.resolve("pg_ctl").toString(), "--version")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return Optional.empty();
            Matcher m = VERSION.matcher(out);
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean hasPostgresUser() {
        try {
            // id(1) asks NSS, so users from LDAP or sssd count too, not only /etc/passwd
            Process p = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<String> findRunuser() {
        List<String> places = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) places.addAll(List.of(path.split(File.pathSeparator)));
        places.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return places.stream().filter(p -> !p.isEmpty()).map(p -> Path.of(p, "runuser"))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }
}
