package io.cdcbridge.engine.connector;

import io.cdcbridge.control.engine.ConnectorDescription;
import io.cdcbridge.engine.probe.ConnectorProbe;

/** One connector cdcbridge knows: its description and the probe of the system its tables connect to. */
public record KnownConnector(ConnectorDescription description, ConnectorProbe probe) {}
