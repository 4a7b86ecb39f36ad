package io.cdcbridge.control.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named tokens, read from a token file: one {@code name:secret} line per token, {@code #} comments and blank lines
 * ignored. A request presenting a token's secret acts as the principal of that name. Secrets are compared in
 * constant time (their SHA-256 digests, every token each time) and never shown.
 */
public final class Tokens {

    /** The shortest secret accepted: shorter ones can be guessed. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final String NAME = "[A-Za-z0-9._@-]+";

    private final Map<String, byte[]> digests;
    private final String firstSecret;

    private Tokens(Map<String, byte[]> digests, String firstSecret) {
        this.digests = digests;
        this.firstSecret = firstSecret;
    }

    /** No tokens: every request is the principal {@link RestSettings#LOCAL_PRINCIPAL}. */
    public static Tokens none() {
        return new Tokens(Map.of(), null);
    }

    /** The tokens of a token file; an error naming the file and line for a malformed one (never its secret). */
    public static Tokens read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("the token file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, byte[]> digests = new LinkedHashMap<>();
        Set<String> secrets = new HashSet<>();
        String first = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = file + ":" + (i + 1) + ": ";
            int colon = line.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException(where + "a token is written name:secret");
            String name = line.substring(0, colon).strip();
            String secret = line.substring(colon + 1).strip();
            if (!name.matches(NAME)) {
                throw new IllegalArgumentException(where + "a token's name is letters, digits and . _ @ -");
            }
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(where + "the secret of token '" + name + "' is shorter than "
                        + MIN_SECRET_LENGTH + " characters");
            }
            if (digests.containsKey(name)) throw new IllegalArgumentException(where + "token '" + name + "' is named twice");
            if (!secrets.add(secret)) {
                throw new IllegalArgumentException(where + "token '" + name + "' has the secret of another token");
            }
            digests.put(name, digest(secret));
            if (first == null) first = secret;
        }
        if (digests.isEmpty()) throw new IllegalArgumentException("the token file " + file + " holds no token");
        return new Tokens(Map.copyOf(digests), first);
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** Whether a principal of that name exists. */
    public boolean names(String principal) {
        return digests.containsKey(principal);
    }

    /** The secret of the file's first token: what a client sends. */
    public String firstSecret() {
        if (firstSecret == null) throw new IllegalStateException("no token");
        return firstSecret;
    }

    /** The name of the token whose secret was presented, if any; takes as long whichever token matches. */
    public Optional<String> principal(String presented) {
        byte[] digest = digest(presented);
        String found = null;
        for (Map.Entry<String, byte[]> e : digests.entrySet()) {
            if (MessageDigest.isEqual(e.getValue(), digest) && found == null) found = e.getKey();
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
