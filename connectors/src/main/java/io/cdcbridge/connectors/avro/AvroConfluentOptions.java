package io.cdcbridge.connectors.avro;

import io.cdcbridge.connectors.options.OptionRule;
import io.cdcbridge.connectors.options.OptionSet;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The options of {@code 'format' = 'avro-confluent'}, declared once; their names are those of Flink's own format, so
 * a table's DDL carries over ({@code 'avro-confluent.url'}, {@code 'value.avro-confluent.url'} ...).
 */
public final class AvroConfluentOptions {

    /** Every option, in the README's order. */
    public static final OptionSet ALL = new OptionSet();

    public static final ConfigOption<String> URL = ALL.required(ConfigOptions.key("url").stringType().noDefaultValue()
            .withFallbackKeys("schema-registry.url")
            .withDescription("the schema registry's URL: cdcbridge's own, `${SCHEMA_REGISTRY_URL}` (the server's"
                    + " `/registry`), or any Confluent-compatible one"));

    public static final ConfigOption<String> SUBJECT = ALL.derived(ConfigOptions.key("subject").stringType().noDefaultValue()
            // the Kafka connectors set the subject under its former name
            .withFallbackKeys("schema-registry.subject")
            .withDescription("the subject the writer's schema is registered under (needed to write); a source reads by"
                    + " the schema id each record carries"), "`<topic>-key` or `<topic>-value` (the Kafka connectors set it)");

    public static final ConfigOption<String> SCHEMA = ALL.derived(ConfigOptions.key("schema").stringType().noDefaultValue()
            .withDescription("the Avro schema (JSON) written, or read into, instead of the table's own: its fields must"
                    + " match the table's columns"), "the table's columns as a record named after the table");

    public static final ConfigOption<String> BASIC_AUTH_SOURCE = ALL.optional(ConfigOptions.key("basic-auth.credentials-source")
            .stringType().noDefaultValue()
            .withDescription("`USER_INFO`: send `basic-auth.user-info` as basic auth"), OptionRule.only("USER_INFO"));

    public static final ConfigOption<String> BASIC_AUTH_USER_INFO = ALL.optional(ConfigOptions.key("basic-auth.user-info")
            .stringType().noDefaultValue()
            .withDescription("`user:password` for the registry (for cdcbridge's registry with tokens: a token's name and"
                    + " secret)"));

    public static final ConfigOption<String> BEARER_AUTH_SOURCE = ALL.optional(ConfigOptions.key("bearer-auth.credentials-source")
            .stringType().noDefaultValue()
            .withDescription("`STATIC_TOKEN`: send `bearer-auth.token` as a bearer token"), OptionRule.only("STATIC_TOKEN"));

    public static final ConfigOption<String> BEARER_AUTH_TOKEN = ALL.optional(ConfigOptions.key("bearer-auth.token")
            .stringType().noDefaultValue()
            .withDescription("the bearer token for the registry"));

    static {
        ALL.rule(o -> o.getOptional(BASIC_AUTH_SOURCE).isEmpty() || o.getOptional(BASIC_AUTH_USER_INFO).isPresent(),
                "'" + BASIC_AUTH_SOURCE.key() + "' needs '" + BASIC_AUTH_USER_INFO.key() + "'");
        ALL.rule(o -> o.getOptional(BEARER_AUTH_SOURCE).isEmpty() || o.getOptional(BEARER_AUTH_TOKEN).isPresent(),
                "'" + BEARER_AUTH_SOURCE.key() + "' needs '" + BEARER_AUTH_TOKEN.key() + "'");
        ALL.rule(o -> o.getOptional(BASIC_AUTH_USER_INFO).isEmpty() || o.getOptional(BEARER_AUTH_TOKEN).isEmpty(),
                "give '" + BASIC_AUTH_USER_INFO.key() + "' or '" + BEARER_AUTH_TOKEN.key() + "', not both");
    }

    private AvroConfluentOptions() {}

    /** The registry the options name, with their credentials. */
    public static RegistryClient client(ReadableConfig options) {
        String auth = null;
        if (options.getOptional(BASIC_AUTH_USER_INFO).isPresent()) {
            auth = "Basic " + Base64.getEncoder().encodeToString(options.get(BASIC_AUTH_USER_INFO).getBytes(StandardCharsets.UTF_8));
        } else if (options.getOptional(BEARER_AUTH_TOKEN).isPresent()) {
            auth = "Bearer " + options.get(BEARER_AUTH_TOKEN);
        }
        return new RegistryClient(options.get(URL), auth);
    }
}
