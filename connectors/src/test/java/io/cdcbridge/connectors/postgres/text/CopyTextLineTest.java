package io.cdcbridge.connectors.postgres.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** COPY's text format: fields, NULLs, escapes, and when the line's own buffer is sliced. */
class CopyTextLineTest {

    @Test
    void aLineWithoutBackslashIsSlicedInPlace() {
        byte[] buffer = "junk1\tGrüße\t\t42\n".getBytes(StandardCharsets.UTF_8);
        TupleData tuple = CopyTextLine.parse(buffer, 4, buffer.length - 4, 4);
        assertThat(tuple.buffer()).isSameAs(buffer);
        assertThat(texts(tuple)).containsExactly("1", "Grüße", "", "42");
        assertThat(tuple.offset(0)).isEqualTo(4);
    }

    @Test
    void backslashNAloneIsNull() {
        TupleData tuple = parse("\\N\t\\\\N\tx\\N\t\\N", 4);
        assertThat(tuple.kind(0)).isEqualTo(TupleData.NULL);
        assertThat(tuple.kind(3)).isEqualTo(TupleData.NULL);
        // an escaped backslash followed by N is the text \N; \N inside a value is an N
        assertThat(texts(tuple)).containsExactly(null, "\\N", "xN", null);
    }

    @Test
    void escapesAreUnescapedIntoAFreshBuffer() {
        byte[] buffer = "a\\tb\\nc\\\\d\t\\b\\f\\r\\v\t\\101\\7\\0101\t\\x41\\x4a\\x4\\xz\t\\q".getBytes(StandardCharsets.UTF_8);
        TupleData tuple = CopyTextLine.parse(buffer, 0, buffer.length, 5);
        assertThat(tuple.buffer()).isNotSameAs(buffer);
        assertThat(texts(tuple)).containsExactly("a\tb\nc\\d", "\b\f\r\u000B", "A\u0007\b1", "AJ\u0004xz", "q");
    }

    @Test
    void escapedUtf8BytesFormCharacters() {
        // COPY may write any byte as octal; the bytes of é are C3 A9
        assertThat(texts(parse("caf\\303\\251\tcaf\\xc3\\xa9", 2))).containsExactly("café", "café");
    }

    @Test
    void lineEndsAreIgnored() {
        assertThat(texts(parse("1\tx\r\n", 2))).containsExactly("1", "x");
        assertThat(texts(parse("1\t\n", 2))).containsExactly("1", "");
    }

    @Test
    void aWrongNumberOfColumnsFails() {
        assertThatThrownBy(() -> parse("1\t2\t3", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a COPY line with 3 columns where 2 were expected: '1\t2\t3'");
        assertThatThrownBy(() -> parse("1", 2)).hasMessageStartingWith("a COPY line with 1 columns where 2 were expected");
    }

    private static TupleData parse(String line, int columns) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return CopyTextLine.parse(bytes, 0, bytes.length, columns);
    }

    private static List<String> texts(TupleData tuple) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < tuple.size(); i++) {
            texts.add(tuple.kind(i) == TupleData.TEXT
                    ? new String(Arrays.copyOfRange(tuple.buffer(), tuple.offset(i), tuple.offset(i) + tuple.length(i)), StandardCharsets.UTF_8)
                    : null);
        }
        return texts;
    }
}
