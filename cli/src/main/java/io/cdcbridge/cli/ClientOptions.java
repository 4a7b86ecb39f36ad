package io.cdcbridge.cli;

import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.client.ClientAccess;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.connectors.avro.RegistryClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that talks to a server shares. */
public final class ClientOptions {

    @Option(names = "--server", description = "Server URL (default: $CDCBRIDGE_SERVER, else the one the workspace names, else http://127.0.0.1:8787).")
    String server;

    @Option(names = "--workspace", defaultValue = ".cdcbridge", description = "Workspace directory of the server (default: ${DEFAULT-VALUE}).")
    Path workspace;

    @Option(names = "--token-file", description = "File whose first name:secret line is the token sent to the server (default: $" + ClientAccess.TOKEN_ENV + ", the secret alone).")
    Path tokenFile;

    @Option(names = "--tls-trust", description = "The server's certificate (PEM or DER) to trust over HTTPS (default: $" + ClientAccess.TRUST_ENV + ", else the Java runtime's authorities).")
    Path tlsTrust;

    @Option(names = "--json", description = "Print the server's answer as JSON, for scripts.")
    boolean json;

    ServerClient client() {
        return ServerClient.locate(server, workspace, ClientAccess.of(tokenFile, tlsTrust));
    }

    /**
     * The Kafka a command talks to: {@code explicit} when given, else the server's ${KAFKA_BOOTSTRAP_SERVERS};
     * an error naming {@code option} when there is neither.
     */
    String kafkaBootstrapServers(String explicit, String option) {
        if (explicit != null) return explicit;
        String servers;
        try {
            servers = client().environment().path("variables").path("KAFKA_BOOTSTRAP_SERVERS").asText(null);
        } catch (ApiException e) {
            throw new IllegalStateException(e.getMessage() + "; or pass " + option, e);
        }
        if (servers == null) {
            throw new IllegalStateException("the server runs no embedded Kafka; pass " + option + " HOST:PORT");
        }
        return servers;
    }

    /**
     * The schema registry a command decodes and encodes Avro with: {@code explicit} when given, else the server's own
     * (${SCHEMA_REGISTRY_URL}), sent the client's token; null when there is neither.
     */
    RegistryClient registry(String explicit) {
        ClientAccess access = ClientAccess.of(tokenFile, tlsTrust);
        String auth = access.token() == null ? null : "Bearer " + access.token();
        if (explicit != null) return new RegistryClient(explicit, auth);
        try {
            String url = client().environment().path("variables").path("SCHEMA_REGISTRY_URL").asText(null);
            return url == null ? null : new RegistryClient(url, auth);
        } catch (ApiException | IllegalStateException e) {
            return null;
        }
    }
}
