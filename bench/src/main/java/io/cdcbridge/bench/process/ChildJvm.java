package io.cdcbridge.bench.process;

import io.cdcbridge.embedded.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the bench starts for one process of a pipeline (a Kafka broker, a cdcbridge server, a Kafka Connect worker),
 * so that each one's memory is its own: its peak resident set is the kernel's high-water mark (VmHWM), read before
 * it stops. Its output goes to a log file, kept for when it fails.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final JavaProcess.Started started;
    private final Process process;
    private long peakRss;

    private ChildJvm(String name, JavaProcess.Started started) {
        this.name = name;
        this.started = started;
        this.process = started.process();
    }

    /**
     * Starts {@code java <jvmOptions> -cp <classPath> <mainClass> <args>}, output appended to {@code log}; its standard
     * input is a pipe from the bench, so that a child reading it stops once the bench ends, even killed.
     */
    public static ChildJvm start(String name, List<String> jvmOptions, String classPath, String mainClass, List<String> args, Path log)
            throws IOException {
        return new ChildJvm(name, JavaProcess.of(mainClass).options(jvmOptions).classPath(classPath).args(args)
                .endsWithInput().start(log));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return started.log();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Fails naming the process and its log when it has ended. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " ended (exit code " + process.exitValue() + "); its log: " + started.log());
        }
    }

    /** The peak resident set so far, in bytes (kept once the process has ended). */
    public long peakRssBytes() {
        if (process.isAlive()) {
            try {
                peakRss = Math.max(peakRss, ProcStatus.highWaterMarkBytes(Files.readString(Path.of("/proc", "" + pid(), "status"))));
            } catch (IOException e) {
                // ended between the check and the read: the last reading stands
            }
        }
        return peakRss;
    }

    /** Waits until a line of its output starts with {@code prefix}; returns the rest of that line. */
    String awaitLine(String prefix, long timeoutSeconds) throws IOException, InterruptedException {
        return started.awaitLine(name, prefix, timeoutSeconds);
    }

    /**
     * Reads the peak resident set, then ends the process: its standard input closed (a process that waits on it
     * stops by itself), then SIGTERM after 5 s, SIGKILL after 30 s more.
     */
    @Override
    public void close() {
        peakRssBytes();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
