package io.cdcbridge.connectors.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A letter too large for its topic is cut, saying what it was, rather than lost. */
class DeadLetterTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void aLetterThatFitsIsLeftWhole() {
        DeadLetter letter = DeadLetter.of("k".getBytes(StandardCharsets.UTF_8), new byte[1000], "malformed JSON");

        assertThat(letter.cutTo(MIB)).isSameAs(letter);
        assertThat(letter.isCut()).isFalse();
    }

    @Test
    void aValueThatWithItsHeadersExceedsTheLimitIsCutWithItsSizeAndHashInHeaders() {
        byte[] value = new byte[MIB - 200];
        Arrays.fill(value, (byte) 'x');
        DeadLetter letter = DeadLetter.of("42".getBytes(StandardCharsets.UTF_8), value, "malformed JSON: " + "e".repeat(900))
                .with(DeadLetter.SOURCE_TOPIC, "users_cdc").with(DeadLetter.SOURCE_OFFSET, 560);
        assertThat(letter.sizeInBytes()).isGreaterThan(MIB);

        DeadLetter cut = letter.cutTo(MIB);

        assertThat(cut.sizeInBytes()).isLessThanOrEqualTo(MIB);
        assertThat(cut.key()).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
        assertThat(cut.value()).isEqualTo(Arrays.copyOf(value, cut.value().length));
        assertThat(cut.value().length).isGreaterThan(MIB - 2000);
        assertThat(cut.headers()).containsEntry(DeadLetter.VALUE_ORIGINAL_SIZE, String.valueOf(MIB - 200))
                .containsEntry(DeadLetter.VALUE_SHA256, DeadLetter.sha256(value))
                .containsEntry(DeadLetter.SOURCE_OFFSET, "560")
                .doesNotContainKey(DeadLetter.KEY_ORIGINAL_SIZE);
        assertThat(cut.reason()).isEqualTo(letter.reason());
        assertThat(cut.isCut()).isTrue();
    }

    @Test
    void aKeyTakingMoreThanHalfIsCutTooAndACutLetterCutAgainKeepsTheOriginalsDescription() {
        byte[] key = new byte[800_000];
        byte[] value = new byte[800_000];
        DeadLetter cut = DeadLetter.of(key, value, "too big").cutTo(MIB);

        assertThat(cut.sizeInBytes()).isLessThanOrEqualTo(MIB);
        assertThat(cut.headers()).containsEntry(DeadLetter.KEY_ORIGINAL_SIZE, "800000")
                .containsEntry(DeadLetter.VALUE_ORIGINAL_SIZE, "800000")
                .containsEntry(DeadLetter.KEY_SHA256, DeadLetter.sha256(key));

        DeadLetter smaller = cut.cutTo(10_000);
        assertThat(smaller.sizeInBytes()).isLessThanOrEqualTo(10_000);
        assertThat(smaller.headers()).containsEntry(DeadLetter.KEY_ORIGINAL_SIZE, "800000")
                .containsEntry(DeadLetter.VALUE_ORIGINAL_SIZE, "800000")
                .containsEntry(DeadLetter.VALUE_SHA256, DeadLetter.sha256(value));
    }

    @Test
    void aLimitBelowTheHeadersLeavesHeadersAlone() {
        DeadLetter cut = DeadLetter.of(null, new byte[5000], "bad").cutTo(100);

        assertThat(cut.key()).isNull();
        assertThat(cut.value()).isEmpty();
        assertThat(cut.headers()).containsEntry(DeadLetter.VALUE_ORIGINAL_SIZE, "5000");
    }
}
