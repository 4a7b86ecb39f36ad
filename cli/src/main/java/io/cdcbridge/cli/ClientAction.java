package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.workspace.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that asks the server one thing and prints the answer for a person, or as JSON with --json. */
abstract class ClientAction implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    abstract JsonNode act(ServerClient server) throws Exception;

    abstract void print(JsonNode answer);

    /** The exit code for an answer the server gave (0 unless the answer itself reports a failure). */
    int exitCode(JsonNode answer) {
        return 0;
    }

    @Override
    public Integer call() throws Exception {
        try {
            JsonNode answer = act(client.client());
            if (client.json) System.out.println(Json.MAPPER.writeValueAsString(answer));
            else print(answer);
            return exitCode(answer);
        } catch (ApiException e) {
            if (client.json && e.body() != null) System.out.println(Json.MAPPER.writeValueAsString(e.body()));
            else System.err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
