package io.cdcbridge.cli.client;

import io.cdcbridge.control.server.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the client gets in: the token secret it sends (null: none) and the TLS context trusting the server's
 * certificate (null: the Java runtime's trusted authorities).
 */
public record ClientAccess(String token, SSLContext trust) {

    /** Where the token's secret is read when no token file is given. */
    public static final String TOKEN_ENV = "CDCBRIDGE_TOKEN";
    /** Where the server's certificate file is named when no --tls-trust is given. */
    public static final String TRUST_ENV = "CDCBRIDGE_TLS_TRUST";

    /** No token, the runtime's trust. */
    public static final ClientAccess NONE = new ClientAccess(null, null);

    /**
     * The token of {@code tokenFile} (its first; the server's format) else of $CDCBRIDGE_TOKEN, and trust in the
     * certificate in {@code certificate} (PEM or DER) else in $CDCBRIDGE_TLS_TRUST; either may be null.
     */
    public static ClientAccess of(Path tokenFile, Path certificate) {
        String token = tokenFile != null ? Tokens.read(tokenFile).firstSecret() : blankToNull(System.getenv(TOKEN_ENV));
        String trustEnv = blankToNull(System.getenv(TRUST_ENV));
        Path cert = certificate != null ? certificate : trustEnv != null ? Path.of(trustEnv) : null;
        return new ClientAccess(token, cert == null ? null : trusting(cert));
    }

    /** A TLS context that trusts the certificate in {@code file}, and only it. */
    public static SSLContext trusting(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("cdcbridge-server", cert);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the server certificate " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
