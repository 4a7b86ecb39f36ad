package io.cdcbridge.connectors.mysql;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import io.cdcbridge.connectors.mysql.MysqlSourceOptions.SslMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How both connections of a source, the JDBC one (MariaDB's driver) and the binlog client's, use TLS: the same mode
 * and the same trusted CAs for both, so neither is weaker than the other.
 *
 * @param mode the 'ssl.mode'
 * @param ca the 'ssl.ca' PEM file, or null: the JVM's trust store
 */
public record MysqlTls(SslMode mode, String ca) implements Serializable {

    /** Without TLS. */
    public static final MysqlTls DISABLED = new MysqlTls(SslMode.DISABLED, null);

    /** Sets the driver's TLS properties: with {@code tls} false (preferred's second try) none. */
    void jdbc(Properties p, boolean tls) {
        p.setProperty("sslMode", !tls ? "disable" : switch (mode) {
            case DISABLED -> "disable";
            case PREFERRED, REQUIRED -> "trust";
            case VERIFY_CA -> "verify-ca";
            case VERIFY_IDENTITY -> "verify-full";
        });
        if (tls && ca != null) p.setProperty("serverSslCert", ca);
    }

    /** Whether a JDBC connection failed only because the server offers no TLS, which {@code preferred} then goes without. */
    boolean fallsBack(SQLException e) {
        return mode == SslMode.PREFERRED && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("ssl not enabled in the server");
    }

    /**
     * Sets the binlog client's TLS: the same trust as the JDBC connection's, the host checked by the JDK (its name or
     * IP address in the certificate) for {@code verify-identity}.
     */
    void binlog(BinaryLogClient client, String host) throws IOException {
        client.setSSLMode(switch (mode) {
            case DISABLED -> SSLMode.DISABLED;
            case PREFERRED -> SSLMode.PREFERRED;
            case REQUIRED -> SSLMode.REQUIRED;
            // the client's own host check would look the address up in DNS; the socket checks it instead
            case VERIFY_CA, VERIFY_IDENTITY -> SSLMode.VERIFY_CA;
        });
        if (mode == SslMode.DISABLED) return;
        SSLContext context = context();
        client.setSslSocketFactory(socket -> {
            try {
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
                if (mode == SslMode.VERIFY_IDENTITY) {
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(parameters);
                }
                return tls;
            } catch (IOException e) {
                throw (SocketException) new SocketException(e.getMessage()).initCause(e);
            }
        });
    }

    /**
     * A connection's failure as the user reads it: one over TLS that TLS made fail says so, with the mode and the CA
     * file; a login refused without TLS says that the user may need it.
     */
    String explain(Exception e, String where) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (mode != SslMode.DISABLED && byTls(e)) {
            return "TLS with " + where + " failed ('ssl.mode' = '" + mode + "'"
                    + (ca == null ? mode.verifies() ? ", the JVM's trusted CAs" : "" : ", 'ssl.ca' = '" + ca + "'") + "): " + message;
        }
        if (mode == SslMode.DISABLED && message.contains("Access denied")) {
            return message + " ('ssl.mode' is 'disabled': a user created with REQUIRE SSL or X509 logs in over TLS only;"
                    + " set 'ssl.mode' to 'required' or 'verify-ca')";
        }
        return message;
    }

    private static boolean byTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) return true;
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("ssl") || m.contains("tls") || m.contains("certificate")) return true;
        }
        return false;
    }

    // required and preferred trust any certificate, as MySQL's modes of those names do
    private SSLContext context() throws IOException {
        try {
            TrustManager[] trust;
            if (!mode.verifies()) {
                trust = new TrustManager[] {new AnyCertificate()};
            } else {
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init(ca == null ? null : trusted(Path.of(ca)));
                trust = f.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    // the CA certificates of a PEM file, as a trust store
    private static KeyStore trusted(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) store.setCertificateEntry("ca" + i++, c);
            if (i == 0) throw new IOException("no certificate in it");
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new IOException("'ssl.ca' " + pem + " cannot be read as PEM certificates: " + e.getMessage(), e);
        }
        return store;
    }

    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
