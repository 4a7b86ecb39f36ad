package io.cdcbridge.connectors.cdcjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one definition of a valid change event, which the format and `cdcbridge produce` share. */
class ChangeEventRulesTest {

    private final ChangeEventRules seed = new ChangeEventRules(List.of("user_id"), "timestamp_ms");

    @Test
    void acceptsTheSeedsEventsWithTheirKeyAndEventTime() throws Exception {
        ChangeEvent create = seed.check(bytes("""
                {"op":"c","after":{"user_id":101,"name":"Daniel Kim"},"timestamp_ms":1726531200000}"""));
        ChangeEvent delete = seed.check(bytes("""
                {"op":"d","before":{"user_id":101,"name":"Daniel J. Kim"},"timestamp_ms":1726531240000}"""));

        assertThat(List.of(create.op(), create.key(), create.timestampMillis()))
                .containsExactly("c", "{\"user_id\":101}", 1726531200000L);
        assertThat(List.of(delete.op(), delete.key(), delete.timestampMillis()))
                .containsExactly("d", "{\"user_id\":101}", 1726531240000L);
    }

    @Test
    void aCompositeKeyNeedsEveryFieldAndTheDefaultEventTimeIsTsMs() throws Exception {
        ChangeEventRules rules = new ChangeEventRules(List.of("tenant", "id"), ChangeEventRules.DEFAULT_TIMESTAMP_FIELD);

        ChangeEvent snapshot = rules.check(bytes("{\"op\":\"r\",\"after\":{\"tenant\":\"acme\",\"id\":7},\"ts_ms\":5}"));

        assertThat(snapshot.key()).isEqualTo("{\"tenant\":\"acme\",\"id\":7}");
        assertThatThrownBy(() -> rules.check(bytes("{\"op\":\"u\",\"after\":{\"tenant\":\"acme\"},\"ts_ms\":5}")))
                .isInstanceOf(MalformedEventException.class).hasMessage("missing key 'id' in 'after'");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{\"op\":\"c\",\"after\":{\"user_id\":9                      | malformed JSON: Unexpected end-of-input: expected close marker for Object at line 1, column 31",
            "{\"op\":\"c\"} trailing                                         | malformed JSON: Unrecognized token 'trailing': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 20",
            "~~                                                                  | malformed JSON: empty message",
            "[1, 2]                                                              | not a change event: a JSON array, not an object",
            "{\"after\":{\"user_id\":1},\"timestamp_ms\":1}                | missing op",
            "{\"op\":\"x\",\"after\":{\"user_id\":1},\"timestamp_ms\":1} | unknown op \"x\" (expected one of c, r, u, d)",
            "{\"op\":1,\"after\":{\"user_id\":1},\"timestamp_ms\":1}       | unknown op 1 (expected one of c, r, u, d)",
            "{\"op\":\"c\",\"before\":{\"user_id\":1},\"timestamp_ms\":1} | missing key: op 'c' needs an object 'after'",
            "{\"op\":\"d\",\"after\":{\"user_id\":1},\"timestamp_ms\":1}  | missing key: op 'd' needs an object 'before'",
            "{\"op\":\"u\",\"after\":\"101\",\"timestamp_ms\":1}           | missing key: op 'u' needs an object 'after'",
            "{\"op\":\"c\",\"after\":{\"user_id\":null},\"timestamp_ms\":1} | missing key 'user_id' in 'after'",
            "{\"op\":\"c\",\"after\":{\"name\":\"x\"},\"timestamp_ms\":1} | missing key 'user_id' in 'after'",
            "{\"op\":\"c\",\"after\":{\"user_id\":[1]},\"timestamp_ms\":1} | key 'user_id' in 'after' is not a single value: [1]",
            "{\"op\":\"c\",\"after\":{\"user_id\":1}}                        | missing timestamp 'timestamp_ms'",
            "{\"op\":\"c\",\"after\":{\"user_id\":1},\"timestamp_ms\":null} | missing timestamp 'timestamp_ms'",
            "{\"op\":\"c\",\"after\":{\"user_id\":1},\"timestamp_ms\":\"x\"} | timestamp 'timestamp_ms' is not a whole number of milliseconds: \"x\"",
            "{\"op\":\"c\",\"after\":{\"user_id\":1},\"timestamp_ms\":1.5}  | timestamp 'timestamp_ms' is not a whole number of milliseconds: 1.5",
            "{\"op\":\"c\",\"after\":{\"user_id\":1},\"ts_ms\":1}           | missing timestamp 'timestamp_ms'",
    })
    void rejectsWithTheFirstRuleBroken(String message, String reason) {
        assertThatThrownBy(() -> seed.check(bytes(message)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage(reason);
    }

    @Test
    void withoutKeyFieldsOnlyTheRowIsChecked() throws Exception {
        ChangeEventRules keyless = new ChangeEventRules(List.of(), "timestamp_ms");

        assertThat(keyless.check(bytes("{\"op\":\"c\",\"after\":{\"name\":\"x\"},\"timestamp_ms\":1}")).key()).isEqualTo("{}");
        assertThatThrownBy(() -> keyless.check(bytes("{\"op\":\"d\",\"timestamp_ms\":1}")))
                .isInstanceOf(MalformedEventException.class).hasMessage("missing key: op 'd' needs an object 'before'");
        assertThatThrownBy(() -> new ChangeEventRules(List.of(" "), "ts_ms"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a key field must be named: [ ]");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
