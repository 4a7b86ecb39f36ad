package io.cdcbridge.cli.support;

import io.cdcbridge.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The cdcbridge command run as a user runs it, in this JVM: its exit code and what it printed. */
public record CommandRun(int code, String out, String err) {

    /** Runs the command line; one at a time, as it takes over System.out and System.err. */
    public static synchronized CommandRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBuffer = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(outBuffer, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(errBuffer, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = Main.execute(args);
            return new CommandRun(code, outBuffer.toString(StandardCharsets.UTF_8), errBuffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
