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

    @Test
    void anEventFramedWithItsSchemaAsJsonConverterWritesItIsItsPayload() throws Exception {
        ChangeEvent framed = seed.check(bytes("""
                {"schema":{"type":"struct","fields":[],"optional":false,"name":"pg.public.users.Envelope"},
                 "payload":{"op":"u","after":{"user_id":101},"source":{"schema":"public"},"timestamp_ms":1726531200000}}"""));

        assertThat(List.of(framed.op(), framed.key(), framed.timestampMillis())).containsExactly("u", "{\"user_id\":101}", 1726531200000L);
        assertThatThrownBy(() -> seed.check(bytes("{\"schema\":null,\"payload\":{\"after\":{\"user_id\":1},\"timestamp_ms\":1}}")))
                .hasMessage("missing op");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{\"op\":\"c\",\"after\":{\"user_id\":9                      | malformed JSON: the text ends inside an object at line 1, column 31",
            "{\"op\":\"c\",\"after\":{\"name\":\"Dan                       | malformed JSON: the text ends inside a string at line 1, column 31",
            "{\"op\":\"c\",                                                  | malformed JSON: the text ends inside an object at line 1, column 11",
            "{\"op\":\"c\"} trailing                                         | malformed JSON: Unrecognized token 'trailing': expected a JSON value at line 1, column 20",
            "{\"op\":\"c\"} {}                                               | malformed JSON: more after the event's object at line 1, column 12",
            "{\"op\":\"c\",\"after\":{\"user_id\":NaN},\"timestamp_ms\":1} | malformed JSON: 'NaN' is not a JSON number at line 1, column 33",
            "{\"op\":\"c\",\"op\":\"d\",\"timestamp_ms\":1}               | malformed JSON: Duplicate field 'op' at line 1, column 15",
            "{'op':'c'}                                                          | malformed JSON: Unexpected character \"'\": was expecting double-quote to start field name at line 1, column 3",
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
    void anOverlongFormIsRefusedNotDecodedAsTheCharacterItHides() {
        // C0 AF is '/' written in two bytes: RFC 3629 forbids it, a lenient decoder reads it as '/'
        byte[] event = concat(bytes("{\"op\":\"c\",\"after\":{\"user_id\":1,\"path\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF},
                bytes("etc\"},\"timestamp_ms\":1}"));

        assertThatThrownBy(() -> seed.check(event)).isInstanceOf(MalformedEventException.class)
                .hasMessage("not valid UTF-8: byte C0 at offset 40 (an overlong encoding)");
    }

    @Test
    void otherInvalidUtf8IsRefusedWithWhereAndWhat() {
        byte[] truncated = concat(bytes("{\"op\":\"c\",\"after\":{\"name\":\""), new byte[] {(byte) 0xE2, (byte) 0x82}, bytes("\"}}"));
        byte[] surrogate = concat(bytes("{\"x\":\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, bytes("\"}"));
        byte[] latin1 = concat(bytes("{\"name\":\"Jos"), new byte[] {(byte) 0xE9}, bytes("\"}"));

        assertThatThrownBy(() -> seed.check(truncated)).hasMessage("not valid UTF-8: bytes E2 82 at offset 27");
        assertThatThrownBy(() -> seed.check(surrogate)).hasMessage("not valid UTF-8: bytes ED A0 80 at offset 6");
        assertThatThrownBy(() -> seed.check(latin1)).hasMessage("not valid UTF-8: byte E9 at offset 12");
    }

    @Test
    void byteOrderMarksAreRefusedUtf16AndUtf8Alike() {
        String event = "{\"op\":\"c\",\"after\":{\"user_id\":1},\"timestamp_ms\":1}";
        byte[] utf16le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, event.getBytes(StandardCharsets.UTF_16LE));
        byte[] utf16be = event.getBytes(StandardCharsets.UTF_16); // Java writes FE FF first
        byte[] utf8bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(event));

        assertThatThrownBy(() -> seed.check(utf16le)).hasMessage("starts with a UTF-16 byte-order mark (FF FE): a change event is UTF-8");
        assertThatThrownBy(() -> seed.check(utf16be)).hasMessage("starts with a UTF-16 byte-order mark (FE FF): a change event is UTF-8");
        assertThatThrownBy(() -> seed.check(utf8bom))
                .hasMessage("starts with a UTF-8 byte-order mark (EF BB BF): a change event is UTF-8 without one");
    }

    @Test
    void validUtf8ThatLooksLikeAByteOrderMarkIsJudgedAsJsonInItsOwnCharacters() throws Exception {
        assertThatThrownBy(() -> seed.check(bytes("\u00ff\u00fe garbage \u00e9")))
                .hasMessage("malformed JSON: Unrecognized token '\u00ff\u00fe': expected a JSON value at line 1, column 3");
        assertThat(seed.check(bytes("{\"op\":\"c\",\"after\":{\"user_id\":1,\"name\":\"Jos\u00e9 \u00ff\u00fe\"},\"timestamp_ms\":1}"))
                .json().get("after").get("name").asText()).isEqualTo("Jos\u00e9 \u00ff\u00fe");
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

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
