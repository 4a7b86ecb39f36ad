package io.cdcbridge.bench.data;

import picocli.CommandLine.Option;

/** The OLTP scenario's clients and their pace, declared once for every command that runs {@link OltpLoad}. */
public final class OltpOptions {

    @Option(names = "--oltp-clients", defaultValue = "2", description = "Concurrent OLTP clients (default ${DEFAULT-VALUE}).")
    public int clients;

    @Option(names = "--oltp-rate", defaultValue = "0",
            description = "Transactions per second of all OLTP clients together; 0: as fast as they go (default ${DEFAULT-VALUE}).")
    public int rate;
}
