package io.cdcbridge.control.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The TLS context of the REST API, from a keystore file (PKCS12 or JKS) holding the server's key and certificate. */
public final class KeystoreTls {

    private KeystoreTls() {}

    /** The context serving the keystore's key; the password opens the keystore and its key. */
    public static SSLContext load(Path keystore, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance(keystore.toFile(), password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS keystore " + keystore + " cannot be used: " + e.getMessage(), e);
        }
    }
}
