package io.cdcbridge.connectors.mysql;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;

/**
 * Stands in for a MySQL 8 server, which cannot run on this machine (no Docker engine, no MySQL server package, no
 * MySQL binaries on Maven Central), as far as a client's login goes: MySQL 8's default {@code caching_sha2_password}
 * on a connection without TLS, with an empty cache, so every login takes the full path (the client asks for the
 * server's RSA key and sends the password encrypted with it), then an OK to each command and a row of text to each
 * SELECT. It tells which users logged in with the right password.
 */
final class FakeMysql8Server implements AutoCloseable {

    private static final int CAPABILITIES = 1 | 2 | 4 | 8 | 0x200 | 0x2000 | 0x8000 | 0x10000 | 0x20000 | 0x80000 | 0x200000;
    private static final String PLUGIN = "caching_sha2_password";

    private final String user;
    private final String password;
    private final KeyPair rsa;
    private final ServerSocket socket;
    private final List<String> logins = new CopyOnWriteArrayList<>();

    FakeMysql8Server(String user, String password) throws IOException, GeneralSecurityException {
        this.user = user;
        this.password = password;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.rsa = generator.generateKeyPair();
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "fake-mysql8");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The users logged in with the right password, in order. */
    List<String> logins() {
        return logins;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> serve(client), "fake-mysql8-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] seed = new byte[20];
            for (int i = 0; i < seed.length; i++) seed[i] = (byte) ('A' + (i * 7 + client.getPort()) % 26);
            write(out, 0, greeting(seed));
            byte[] response = read(in);
            String name = zeroTerminated(response, 32);
            int seq = 2;
            if (!PLUGIN.equals(plugin(response, name))) {
                // the client answered with another plugin's scramble: MySQL asks it to switch
                write(out, seq, concat(concat(new byte[] {(byte) 0xfe}, (PLUGIN + "\0").getBytes(StandardCharsets.US_ASCII)),
                        concat(seed, new byte[] {0})));
                read(in); // the scramble, which an empty cache cannot check
                seq += 2;
            }
            write(out, seq, new byte[] {1, 4}); // perform full authentication: nothing cached
            byte[] next = read(in);
            seq += 2;
            if (next.length == 1 && next[0] == 2) { // the client asks for the public key
                write(out, seq, concat(new byte[] {1}, pem()));
                next = read(in);
                seq += 2;
            } else {
                write(out, seq, error(2061, "Authentication requires secure connection."));
                return;
            }
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            cipher.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
            byte[] sent = cipher.doFinal(next);
            for (int i = 0; i < sent.length; i++) sent[i] ^= seed[i % seed.length];
            byte[] expected = concat(password.getBytes(StandardCharsets.UTF_8), new byte[] {0});
            if (!name.equals(user) || !Arrays.equals(sent, expected)) {
                write(out, seq, error(1045, "Access denied for user '" + name + "'"));
                return;
            }
            logins.add(name);
            write(out, seq, ok());
            while (true) {
                byte[] command = read(in);
                if (command[0] == 1) return; // COM_QUIT
                String sql = command[0] == 3 ? new String(command, 1, command.length - 1, StandardCharsets.UTF_8) : "";
                if (sql.trim().toLowerCase(Locale.ROOT).startsWith("select")) selectRow(out, sql);
                else write(out, 1, ok());
            }
        } catch (IOException | GeneralSecurityException e) {
            // the client went away
        }
    }

    private byte[] greeting(byte[] seed) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(10);
        b.writeBytes("8.4.3\0".getBytes(StandardCharsets.US_ASCII));
        le(b, 7, 4);
        b.write(seed, 0, 8);
        b.write(0);
        le(b, CAPABILITIES & 0xffff, 2);
        b.write(45); // utf8mb4_general_ci
        le(b, 2, 2); // autocommit
        le(b, CAPABILITIES >>> 16, 2);
        b.write(21);
        b.writeBytes(new byte[10]);
        b.write(seed, 8, 12);
        b.write(0);
        b.writeBytes((PLUGIN + "\0").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    // one row, a text value per item of the select list
    private void selectRow(OutputStream out, String sql) throws IOException {
        String list = sql.trim().substring("select".length());
        String[] items = list.split(",");
        int seq = 1;
        write(out, seq++, new byte[] {(byte) items.length});
        for (String item : items) {
            ByteArrayOutputStream c = new ByteArrayOutputStream();
            for (String s : new String[] {"def", "", "", "", item.trim(), item.trim()}) lenenc(c, s);
            c.write(0x0c);
            le(c, 33, 2);
            le(c, 255, 4);
            c.write(0xfd); // VARCHAR
            le(c, 0, 2);
            c.write(0);
            le(c, 0, 2);
            write(out, seq++, c.toByteArray());
        }
        write(out, seq++, eof());
        ByteArrayOutputStream row = new ByteArrayOutputStream();
        for (String item : items) lenenc(row, value(item.trim().toLowerCase(Locale.ROOT)));
        write(out, seq++, row.toByteArray());
        write(out, seq, eof());
    }

    private static String value(String item) {
        if (item.contains("time_zone")) return item.contains("system") ? "UTC" : "+00:00";
        if (item.contains("max_allowed_packet")) return "67108864";
        if (item.contains("wait_timeout")) return "28800";
        return "1";
    }

    private byte[] pem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.getPublic().getEncoded());
        return ("-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ok() {
        return new byte[] {0, 0, 0, 2, 0, 0, 0};
    }

    private static byte[] eof() {
        return new byte[] {(byte) 0xfe, 0, 0, 2, 0};
    }

    private static byte[] error(int code, String message) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xff);
        le(b, code, 2);
        b.writeBytes(("#28000" + message).getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static void lenenc(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(bytes.length); // every text here is shorter than 251 bytes
        b.writeBytes(bytes);
    }

    // the plugin a handshake response names: after the user, the auth response and the database if any
    private static String plugin(byte[] response, String user) {
        int caps = (response[0] & 0xff) | (response[1] & 0xff) << 8 | (response[2] & 0xff) << 16 | (response[3] & 0xff) << 24;
        int at = 32 + user.getBytes(StandardCharsets.UTF_8).length + 1;
        int length = response[at] & 0xff; // a scramble is shorter than 251 bytes, in either length form
        at += 1 + length;
        if ((caps & 8) != 0) at += zeroTerminated(response, at).getBytes(StandardCharsets.UTF_8).length + 1;
        return (caps & 0x80000) != 0 && at < response.length ? zeroTerminated(response, at) : "";
    }

    private static String zeroTerminated(byte[] b, int from) {
        int end = from;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static byte[] read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] header = new byte[4];
        d.readFully(header);
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        byte[] payload = new byte[length];
        d.readFully(payload);
        return payload;
    }

    private static void write(OutputStream out, int seq, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, payload.length, 3);
        b.write(seq);
        b.writeBytes(payload);
        out.write(b.toByteArray());
        out.flush();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void le(ByteArrayOutputStream b, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b.write((int) (v >> (8 * i)));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
