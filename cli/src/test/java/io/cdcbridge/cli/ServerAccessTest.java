package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.control.server.KeystoreTls;
import io.cdcbridge.control.server.RestSettings;
import io.cdcbridge.control.server.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cdcbridge command against a server that wants a token and speaks TLS with a certificate of its own. */
@Tag("integration")
class ServerAccessTest {

    private static final String PASSWORD = "keystore-password";

    @TempDir
    static Path dir;

    static Path tokens;
    static Path certificate;
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        certificate = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "cdcbridge", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "cdcbridge", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        tokens = Files.writeString(dir.resolve("tokens"), "alice:alice-secret-0123456789abcdef\n"
                + "bob:bob-secret-0123456789abcdef01\n");
        Files.writeString(dir.resolve("bob.token"), "bob:bob-secret-0123456789abcdef01\n");
        RestSettings rest = new RestSettings("127.0.0.1", 0, Tokens.read(tokens),
                KeystoreTls.load(keystore, PASSWORD.toCharArray()));
        stack = LocalStack.start(LocalStack.Options.local(dir.resolve("workspace"), null).withRest(rest));
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void theCommandSendsItsTokenOverTls() throws Exception {
        assertThat(stack.url()).startsWith("https://127.0.0.1:");
        Path script = Files.writeString(dir.resolve("gen.sql"), """
                CREATE TABLE numbers (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');
                CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole');
                SET 'client.statement-name' = 'gen';
                INSERT INTO sink SELECT id FROM numbers;
                """);
        CommandRun run = cli("run", script.toString(), "--token-file", tokens.toString(), "--tls-trust", certificate.toString());
        assertThat(run.code()).as(run.err()).isZero();

        CommandRun describe = cli("statements", "describe", "gen", "--token-file", tokens.toString(),
                "--tls-trust", certificate.toString());
        assertThat(describe.code()).as(describe.err()).isZero();
        assertThat(describe.out()).contains("Principal:   alice\n");

        Path bob = dir.resolve("bob.token");
        assertThat(cli("statements", "stop", "gen", "--token-file", bob.toString(), "--tls-trust", certificate.toString())
                .code()).isZero();
        CommandRun resume = cli("statements", "resume", "gen", "--principal", "bob", "--token-file", bob.toString(),
                "--tls-trust", certificate.toString());
        assertThat(resume.code()).as(resume.err()).isZero();
        assertThat(cli("statements", "describe", "gen", "--token-file", bob.toString(), "--tls-trust",
                certificate.toString()).out()).contains("Principal:   bob\n");
        assertThat(cli("statements", "delete", "gen", "--token-file", bob.toString(), "--tls-trust",
                certificate.toString()).code()).isZero();
    }

    @Test
    void withoutTheTokenOrTheCertificateTheCommandIsRefused() {
        CommandRun noToken = cli("statements", "list", "--tls-trust", certificate.toString());
        assertThat(noToken.code()).isEqualTo(1);
        assertThat(noToken.err()).isEqualTo("error: this server needs a token; send the header Authorization: Bearer "
                + "<secret> (cdcbridge commands: --token-file FILE or $CDCBRIDGE_TOKEN; schema registry clients: basic auth"
                + " with the token's name and secret)\n");

        CommandRun untrusted = cli("statements", "list", "--token-file", tokens.toString());
        assertThat(untrusted.code()).isEqualTo(1);
        assertThat(untrusted.err()).startsWith("error: talking to the server at " + stack.url() + " failed: ");

        CommandRun plain = cli("statements", "list", "--token-file", tokens.toString(),
                "--server", stack.url().replace("https:", "http:"));
        assertThat(plain.code()).isEqualTo(1);
    }

    // the cdcbridge command as a user runs it, against this test's server unless told another
    private static CommandRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--server")) {
            all.add("--server");
            all.add(stack.url());
        }
        return CommandRun.of(all.toArray(String[]::new));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
