package io.cdcbridge.connectors.deadletter;

import java.io.Serializable;
import java.util.Properties;

/** Where dead letters go: a topic and the Kafka producer settings to reach it. Serializable into a job graph. */
public record DeadLetterTarget(String topic, Properties producerProperties) implements Serializable {}
