package io.cdcbridge.control.spill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The external sort against an in-memory sort: any items, any budget down to one item per run (more runs than merge at once). */
class SortedSpillTest {

    private static final SortedSpill.Codec<String> TEXT = new SortedSpill.Codec<>() {
        @Override
        public void write(DataOutput out, String item) throws IOException {
            out.writeUTF(item);
        }

        @Override
        public String read(DataInput in) throws IOException {
            return in.readUTF();
        }

        @Override
        public long heapBytes(String item) {
            return 40 + item.length();
        }
    };

    @Property(tries = 50)
    void givesEveryItemInOrderWhateverTheBudget(@ForAll @Size(max = 200) List<@StringLength(max = 8) String> items,
                                                @ForAll @IntRange(min = 1, max = 2000) int budget) throws IOException {
        Path parent = Files.createTempDirectory("sorted-spill-test");
        try (SpillDir dir = SpillDir.create(parent)) {
            try (SortedSpill<String> spill = new SortedSpill<>(dir.path(), budget, Comparator.naturalOrder(), TEXT)) {
                items.forEach(spill::add);
                List<String> expected = new ArrayList<>(items);
                expected.sort(Comparator.naturalOrder());
                // read twice: the runs stay for another reading, merged down to what opens at once
                assertThat(read(spill)).isEqualTo(expected);
                assertThat(spill.runs()).isLessThanOrEqualTo(SortedSpill.FAN_IN);
                assertThat(read(spill)).isEqualTo(expected);
                assertThat(spill.size()).isEqualTo(items.size());
            }
            assertThat(entries(dir.path())).isEmpty();
        } finally {
            Files.delete(parent);
        }
    }

    @Test
    void aFolderIsOwnerOnlyAndGoesWithAllItHolds(@org.junit.jupiter.api.io.TempDir Path parent) throws IOException {
        Path where;
        try (SpillDir dir = SpillDir.create(parent.resolve("tmp"))) {
            where = dir.path();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(where))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent.resolve("tmp")))).isEqualTo("rwx------");
            SortedSpill<String> left = new SortedSpill<>(where, 1, Comparator.naturalOrder(), TEXT);
            left.add("not closed");
            left.flush();
            assertThat(entries(where)).hasSize(1);
        }
        assertThat(where).doesNotExist();
        assertThat(entries(parent.resolve("tmp"))).isEmpty();
    }

    @Test
    void theFoldersAKilledProcessLeftAreRemovedAndNothingElse(@org.junit.jupiter.api.io.TempDir Path parent) throws IOException {
        Path left = SpillDir.create(parent).path();
        Files.writeString(left.resolve("run-1.bin"), "x");
        Path other = Files.writeString(parent.resolve("planner.jar"), "y");

        SpillDir.removeLeftovers(parent);
        assertThat(entries(parent)).containsExactly(other);
    }

    @Test
    void aRunThatCannotBeWrittenSaysWhere(@org.junit.jupiter.api.io.TempDir Path parent) {
        SortedSpill<String> spill = new SortedSpill<>(parent.resolve("gone"), 1, Comparator.naturalOrder(), TEXT);
        assertThatThrownBy(() -> spill.add("x")).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("sorted spill: cannot create a run in " + parent.resolve("gone") + ": ");
    }

    private static List<String> read(SortedSpill<String> spill) {
        List<String> out = new ArrayList<>();
        try (SortedSpill.Cursor<String> c = spill.sorted()) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
