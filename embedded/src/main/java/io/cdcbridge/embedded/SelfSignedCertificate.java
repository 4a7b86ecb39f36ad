package io.cdcbridge.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 (its subject and its IP address) and its private key, as the PEM files a
 * server takes; the certificate is also the CA file its clients verify it with. Made by the JDK's own keytool (one
 * run, an EC P-256 key, valid ten years), so any machine with Java has what TLS needs.
 *
 * @param certificate the certificate, PEM
 * @param key the private key, PEM (PKCS#8), owner-readable only
 */
public record SelfSignedCertificate(Path certificate, Path key) {

    // the key store lives only while the files are made
    private static final String STORE_PASSWORD = "cdcbridge";

    /** Makes them in {@code dir} (created if missing), replacing earlier ones. */
    public static SelfSignedCertificate create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve("server.p12");
        SelfSignedCertificate made = new SelfSignedCertificate(dir.resolve("server.pem"), dir.resolve("server-key.pem"));
        for (Path p : List.of(store, made.certificate, made.key)) Files.deleteIfExists(p);
        keytool(store);
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASSWORD.toCharArray());
            Files.writeString(made.certificate, pem("CERTIFICATE", ks.getCertificate("server").getEncoded()));
            Files.createFile(made.key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(made.key, pem("PRIVATE KEY", ks.getKey("server", STORE_PASSWORD.toCharArray()).getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read what keytool made in " + store + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(store);
        }
        return made;
    }

    /** DER bytes as a PEM block of {@code kind} ("CERTIFICATE", say). */
    public static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + kind + "-----\n";
    }

    private static void keytool(Path store) throws IOException {
        // a JVM that runs for a second needs no optimizing compiler nor parallel GC: a third less CPU
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-genkeypair",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-alias", "server",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "3650").redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool failed: " + output.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
