package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM gets its options, class path, arguments and environment, and logs where it was told. */
class JavaProcessTest {

    @TempDir
    Path dir;

    @Test
    void aChildRunsItsMainWithWhatItWasGivenAndAppendsToItsLog() throws Exception {
        Path log = dir.resolve("logs/child.log");
        JavaProcess.Started first = echo("one", "two").start(log);
        assertThat(first.awaitLine("the child", "args=", 120)).isEqualTo("one two");
        assertThat(first.process().waitFor(120, TimeUnit.SECONDS)).as("ended at the end of its input, /dev/null").isTrue();
        assertThat(first.process().exitValue()).isZero();

        JavaProcess.Started second = echo("three").start(log);
        assertThat(second.awaitLine("the child", "args=", 120)).as("this start's line, not the first's").isEqualTo("three");
        assertThat(second.process().waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readAllLines(log)).containsExactly(
                "args= one two", "option= given", "variable= set", "input ended",
                "args= three", "option= given", "variable= set", "input ended");
        // the class path went in a file beside the log, the command line keeps the main class in view
        assertThat(Files.readString(dir.resolve("logs/child.log.classpath")))
                .isEqualTo("-cp \"" + System.getProperty("java.class.path") + "\"\n");
    }

    // a cluster starts its JobManager and TaskManagers on one class-path file: a start must not truncate it under a JVM
    // that is reading it (one did, and the JobManager ended at once with an empty class path)
    @Test
    void startsSharingAClassPathFileLeaveItAsItIsAndAllRun() throws Exception {
        Path shared = dir.resolve("classpath.args");
        echo("first").classPathFile(shared).start(dir.resolve("first.log")).process().waitFor(120, TimeUnit.SECONDS);
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(shared, old);
        List<JavaProcess.Started> started = new ArrayList<>();
        for (int i = 0; i < 6; i++) started.add(echo("child-" + i).classPathFile(shared).start(dir.resolve("child-" + i + ".log")));
        for (int i = 0; i < 6; i++) assertThat(started.get(i).awaitLine("child " + i, "args=", 120)).isEqualTo("child-" + i);
        assertThat(Files.getLastModifiedTime(shared)).as("not written again when it says the same").isEqualTo(old);
    }

    @Test
    void aChildReadingItsInputRunsUntilThatInputIsClosed() throws Exception {
        JavaProcess.Started child = echo("waiting").endsWithInput().start(dir.resolve("child.log"));
        assertThat(child.awaitLine("the child", "args=", 120)).isEqualTo("waiting");
        assertThat(Files.readString(dir.resolve("child.log"))).doesNotContain("input ended");

        child.process().getOutputStream().close();
        assertThat(child.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("child.log"))).endsWith("input ended\n");
    }

    @Test
    void aChildThatEndsBeforeItsLineIsAwaitedNamesItselfAndItsLog() throws IOException {
        Path log = dir.resolve("missing.log");
        JavaProcess.Started child = JavaProcess.of("io.cdcbridge.NoSuchMain").start(log);
        assertThatThrownBy(() -> child.awaitLine("the missing child", "args=", 120))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the missing child ended (exit code 1); its log: " + log);
    }

    private static JavaProcess echo(String... args) {
        return JavaProcess.of(Echo.class.getName()).options(List.of("-Xmx32m", "-Dechoed=given"))
                .args(List.of(args)).environment(Map.of("ECHOED", "set"));
    }

    /** The child: says what it was given, then reads its input to the end. */
    public static final class Echo {
        public static void main(String[] args) throws IOException {
            System.out.println("args= " + String.join(" ", args));
            System.out.println("option= " + System.getProperty("echoed"));
            System.out.println("variable= " + System.getenv("ECHOED"));
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing is sent
            }
            System.out.println("input ended");
        }
    }
}
