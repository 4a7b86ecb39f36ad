package io.cdcbridge.cli;

import io.cdcbridge.cli.client.ServerClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that talks to a server shares. */
public final class ClientOptions {

    @Option(names = "--server", description = "Server URL (default: $CDCBRIDGE_SERVER, else the one the workspace names, else http://127.0.0.1:8787).")
    String server;

    @Option(names = "--workspace", defaultValue = ".cdcbridge", description = "Workspace directory of the server (default: ${DEFAULT-VALUE}).")
    Path workspace;

    @Option(names = "--json", description = "Print the server's answer as JSON, for scripts.")
    boolean json;

    ServerClient client() {
        return ServerClient.locate(server, workspace);
    }
}
