package io.cdcbridge.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

/**
 * What a CDC source's checkpoint format must keep: any split or enumerator state comes back equal from its bytes
 * (a property), bytes it cannot read refused with a message naming the connector and what they were, and bytes kept as test resources ({@code checkpoint-formats/<connector>/<kind>-v<version>/<sample>.bin}),
 * written by the code of their version, read as what was written, whatever the code became since: a checkpoint or
 * savepoint restores across versions. {@code -Dcheckpoint-formats.write=true} writes the samples of a version new to
 * the code at hand; bytes kept are never rewritten.
 */
public abstract class CheckpointFormatContract<P, S> {

    private static final boolean WRITE = Boolean.getBoolean("checkpoint-formats.write");
    private static final Path RESOURCES = Path.of("src/test/resources");

    protected final SimpleVersionedSerializer<P> splitSerializer;
    protected final SimpleVersionedSerializer<S> stateSerializer;

    protected CheckpointFormatContract(SimpleVersionedSerializer<P> splitSerializer, SimpleVersionedSerializer<S> stateSerializer) {
        this.splitSerializer = splitSerializer;
        this.stateSerializer = stateSerializer;
    }

    /** Any split of the source. */
    protected abstract Arbitrary<P> splits();

    /** Any enumerator state of the source. */
    protected abstract Arbitrary<S> states();

    @Property(tries = 500)
    void anySplitOrEnumeratorStateComesBackEqual(@ForAll("checkpointed") Checkpointed<?> written) throws Exception {
        written.assertRoundTrip();
    }

    @Test
    void bytesOfAVersionTheCodeDoesNotKnowOrOfNoKindOfSplitAreRefusedSayingSo() {
        int newer = splitSerializer.getVersion() + 1;
        assertThatThrownBy(() -> splitSerializer.deserialize(newer, new byte[] {1}))
                .isInstanceOf(IOException.class).hasMessageMatching("unknown version " + newer + " of a cdcbridge-\\w+ split");
        int newerState = stateSerializer.getVersion() + 1;
        assertThatThrownBy(() -> stateSerializer.deserialize(newerState, new byte[] {1}))
                .isInstanceOf(IOException.class)
                .hasMessageMatching("unknown version " + newerState + " of a cdcbridge-\\w+ enumerator state");
        assertThatThrownBy(() -> splitSerializer.deserialize(splitSerializer.getVersion(), new byte[] {9}))
                .isInstanceOf(IOException.class).hasMessageMatching("unknown cdcbridge-\\w+ split tag 9");
    }

    @Provide
    Arbitrary<Checkpointed<?>> checkpointed() {
        return Arbitraries.oneOf(splits().map(p -> new Checkpointed<>(splitSerializer, p)),
                states().map(s -> new Checkpointed<>(stateSerializer, s)));
    }

    /** Any text a name may hold: the empty one and beyond ASCII included. */
    protected static Arbitrary<String> names() {
        return Arbitraries.strings().all().ofMaxLength(12);
    }

    /** A snapshot split's key bound, null for an open one. */
    protected static Arbitrary<Long> bounds() {
        return Arbitraries.longs().injectNull(0.3);
    }

    /** A split or state and its serializer. */
    record Checkpointed<T>(SimpleVersionedSerializer<T> serializer, T value) {

        void assertRoundTrip() throws IOException {
            assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(value))).isEqualTo(value);
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }

    /** Asserts that each sample's bytes, kept under {@code folder} as {@code version} wrote them, read as the sample. */
    protected static <T> void assertRead(SimpleVersionedSerializer<T> serializer, String folder, int version,
                                         Map<String, T> samples) throws IOException {
        for (Map.Entry<String, T> sample : samples.entrySet()) {
            String resource = "checkpoint-formats/" + folder + "-v" + version + "/" + sample.getKey() + ".bin";
            if (WRITE && serializer.getVersion() == version) write(resource, serializer.serialize(sample.getValue()));
            assertThat(serializer.deserialize(version, bytes(resource))).as(resource).isEqualTo(sample.getValue());
        }
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = CheckpointFormatContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) return in.readAllBytes();
        }
        // written in this run: not on the class path yet
        Path written = RESOURCES.resolve(resource);
        assertThat(written).as("the kept bytes of " + resource).exists();
        return Files.readAllBytes(written);
    }

    private static void write(String resource, byte[] bytes) {
        Path file = RESOURCES.resolve(resource);
        if (Files.exists(file)) return;
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
