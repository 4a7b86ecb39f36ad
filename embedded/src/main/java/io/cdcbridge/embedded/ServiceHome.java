package io.cdcbridge.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * The directory a kept service lives in (its data survives the JVM, as a compose volume does) and its state
 * file {@value #STATE}: the ports it listened on and its password. Directory 0700, state file 0600.
 */
final class ServiceHome {

    static final String STATE = "service.properties";

    private final Path dir;
    private final Properties state = new Properties();

    private ServiceHome(Path dir) {
        this.dir = dir;
    }

    /** Opens (or creates, owner-only) a service's directory and reads its state, if any. */
    static ServiceHome open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        ServiceHome home = new ServiceHome(dir);
        Path file = dir.resolve(STATE);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                home.state.load(in);
            }
        }
        return home;
    }

    Path dir() {
        return dir;
    }

    /** The recorded value, or null. */
    String get(String key) {
        return state.getProperty(key);
    }

    /** The recorded port, or 0 when none is. */
    int port(String key) {
        String p = state.getProperty(key);
        return p == null ? 0 : Integer.parseInt(p);
    }

    /** The recorded password, or a new random one (recorded at the next {@link #save()}). */
    String password() {
        String p = state.getProperty("password");
        if (p == null) {
            p = Passwords.random();
            state.setProperty("password", p);
        }
        return p;
    }

    ServiceHome put(String key, Object value) {
        state.setProperty(key, String.valueOf(value));
        return this;
    }

    /** Writes the state: to a 0600 file first, then moved into place, so a crash never leaves half a file. */
    void save() throws IOException {
        Path tmp = dir.resolve(STATE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            state.store(out, "cdcbridge embedded service: where it listened and its credentials");
        }
        Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
