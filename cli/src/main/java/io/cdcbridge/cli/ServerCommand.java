package io.cdcbridge.cli;

import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.control.statement.StateDir;
import io.cdcbridge.cli.stack.WorkspaceTemp;
import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.server.KeystoreTls;
import io.cdcbridge.control.server.RestSettings;
import io.cdcbridge.control.server.Tokens;
import io.cdcbridge.control.verify.StatementVerification;
import java.io.IOException;
import java.nio.file.Files;
import io.cdcbridge.control.workspace.WorkspaceLock;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdcbridge server}: the control plane, until stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the control plane: REST API (on 127.0.0.1 unless told otherwise), workspace, Flink engine.")
final class ServerCommand implements Callable<Integer> {

    /** Where the keystore's password is read when no password file is given. */
    static final String KEYSTORE_PASSWORD_ENV = "CDCBRIDGE_TLS_KEYSTORE_PASSWORD";

    @Option(names = "--port", defaultValue = "" + ServerClient.DEFAULT_PORT, description = "REST port (0: any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = RestSettings.LOOPBACK, description = "Address the REST API listens on (default ${DEFAULT-VALUE}); any other needs --token-file.")
    String bind;

    @Option(names = "--token-file", description = "Tokens a request must present (Authorization: Bearer SECRET), one name:secret line each; the name is the principal statements run as.")
    Path tokenFile;

    @Option(names = "--tls-keystore", description = "Serve HTTPS with the key and certificate of this keystore (PKCS12 or JKS).")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", description = "File holding the keystore's password (default: $" + KEYSTORE_PASSWORD_ENV + ").")
    Path tlsKeystorePasswordFile;

    @Option(names = "--workspace", defaultValue = ".cdcbridge", description = "Workspace directory (default: ${DEFAULT-VALUE}).")
    Path workspace;

    @Option(names = "--embedded", description = "Embedded services to start with the server (postgres, mariadb, kafka), e.g. postgres,kafka; their addresses become script variables; their data, ports and passwords are kept in <workspace>/embedded across restarts.")
    String embedded;

    @Option(names = "--fresh", description = "Start the embedded services empty and throw them away on stop, instead of keeping their data, ports and passwords in the workspace.")
    boolean fresh;

    @Option(names = "--flink", description = "REST URL of a Flink session cluster to run jobs on, instead of the embedded MiniCluster.")
    String flinkRest;

    @Option(names = "--state-dir", description = "Where new statements keep checkpoints and savepoints: a URI the Flink cluster and this server both reach, e.g. file:///shared/cdcbridge or s3://bucket/cdcbridge (default: the workspace). Each statement keeps the one it was created with.")
    String stateDir;

    @Option(names = "--verify-memory", paramLabel = "MIB", defaultValue = "" + StatementVerification.DEFAULT_TOPIC_MEMORY_MIB,
            description = "Heap in MiB that verify's comparison of topics sorts in, per topic (default ${DEFAULT-VALUE}); beyond it, sorted runs on disk under <workspace>/tmp.")
    int verifyMemory;

    @Option(names = "--set", description = "A default property for every new statement, e.g. --set execution.checkpointing.interval=2s.")
    Map<String, String> defaults = Map.of();

    @Override
    public Integer call() throws Exception {
        // a refused setting (an address open to others without tokens ...) leaves nothing behind
        RestSettings rest = rest();
        StateDir state = stateDir == null ? null : StateDir.parse(stateDir);
        // libraries that write temporary files (Flink's table planner unpacks its jar) do so inside the workspace
        System.setProperty("java.io.tmpdir", WorkspaceTemp.of(workspace).toString());
        // before the first logger exists: the server's full log goes to its workspace (written on the first event,
        // so a server that finds the workspace locked writes nothing)
        System.setProperty("cdcbridge.log.file", workspace.resolve("logs").resolve("server.log").toAbsolutePath().toString());
        if (rest.exposed() && rest.tls() == null) {
            System.err.println("warning: the REST API on " + bind + " is plain HTTP: tokens cross the network in clear "
                    + "(--tls-keystore FILE serves HTTPS)");
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(workspace, rest, embedded, flinkRest, defaults, Map.of(), !fresh)
                    .withStateDir(state).withVerifyMemory(verifyMemory));
        } catch (WorkspaceLock.HeldException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "cdcbridge-shutdown"));
        System.out.println("cdcbridge server listening on " + stack.url());
        System.out.println("  access:    " + (rest.needsToken() ? "a token of " + tokenFile
                : "this machine only, without tokens (principal " + RestSettings.LOCAL_PRINCIPAL + ")"));
        System.out.println("  engine:    " + stack.engineDescription());
        System.out.println("  workspace: " + stack.plane().workspace().root());
        System.out.println("  state:     " + stack.plane().statements().stateDir() + " (checkpoints and savepoints of new statements)");
        if (stack.services() != null) {
            Redactor.properties(stack.services().variables()).forEach((k, v) -> System.out.println("  ${" + k + "} = " + v));
            System.out.println(fresh ? "  embedded:  fresh, thrown away on stop"
                    : "  embedded:  kept in " + workspace.resolve("embedded") + " (passwords in each service's service.properties)");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    private RestSettings rest() throws IOException {
        Tokens tokens = tokenFile == null ? Tokens.none() : Tokens.read(tokenFile);
        SSLContext tls = null;
        if (tlsKeystore != null) {
            String password = tlsKeystorePasswordFile != null
                    ? Files.readString(tlsKeystorePasswordFile).strip() : System.getenv(KEYSTORE_PASSWORD_ENV);
            if (password == null) {
                throw new IllegalArgumentException("--tls-keystore needs its password: --tls-keystore-password-file FILE "
                        + "or $" + KEYSTORE_PASSWORD_ENV);
            }
            tls = KeystoreTls.load(tlsKeystore, password.toCharArray());
        }
        return new RestSettings(bind, port, tokens, tls);
    }
}
