package io.cdcbridge.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM, started the one way this project starts them: {@code java <options> @<class path file> <main> <args>}
 * with this JVM's java binary, its standard input /dev/null and its output (and errors) appended to a log. The
 * class path goes in an argument file: a command line has a length limit, and its first 4 KB (all a process
 * listing shows) then still name the main class. How the child ends with its parent is the caller's choice:
 * {@link #ownSession()}, {@link #endsWithInput()}, {@link #endsWithThisJvm()} (or a {@link Watchdog} once started).
 */
public final class JavaProcess {

    private final String mainClass;
    private final List<String> options = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String classPath = System.getProperty("java.class.path");
    private Path classPathFile;
    private boolean ownSession;
    private boolean endsWithInput;
    private boolean endsWithThisJvm;

    private JavaProcess(String mainClass) {
        this.mainClass = mainClass;
    }

    /** A JVM running {@code mainClass} on this JVM's class path. */
    public static JavaProcess of(String mainClass) {
        return new JavaProcess(mainClass);
    }

    /** JVM options (heap, system properties), before the class path. */
    public JavaProcess options(List<String> jvmOptions) {
        options.addAll(jvmOptions);
        return this;
    }

    /** The main class's arguments. */
    public JavaProcess args(List<String> mainArgs) {
        args.addAll(mainArgs);
        return this;
    }

    /** Another class path than this JVM's ({@code dir/*} wildcards allowed). */
    public JavaProcess classPath(String path) {
        classPath = path;
        return this;
    }

    /** Where the class path's argument file goes; by default beside the log, {@code <log>.classpath}. */
    public JavaProcess classPathFile(Path file) {
        classPathFile = file;
        return this;
    }

    /** Variables added to the environment it inherits from this JVM. */
    public JavaProcess environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /**
     * Runs it in a session of its own ({@code setsid}, where installed): it outlives this JVM, and closing the
     * terminal (SIGHUP) or Ctrl-C there does not end it.
     */
    public JavaProcess ownSession() {
        ownSession = true;
        return this;
    }

    /** Its standard input a pipe from this JVM: a child that reads it to its end stops once this JVM closes it or dies. */
    public JavaProcess endsWithInput() {
        endsWithInput = true;
        return this;
    }

    /** Killed (SIGKILL) when this JVM exits, failed test or not; not when this JVM is SIGKILLed. */
    public JavaProcess endsWithThisJvm() {
        endsWithThisJvm = true;
        return this;
    }

    /** The java binary of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts it, its output appended to {@code log} (created with its folder). */
    public Started start(Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Path cpFile = classPathFile != null ? classPathFile : log.resolveSibling(log.getFileName() + ".classpath");
        writeClassPathFile(cpFile, "-cp \"" + classPath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        List<String> command = new ArrayList<>();
        if (ownSession && Files.isExecutable(Path.of("/usr/bin/setsid"))) command.add("/usr/bin/setsid");
        command.add(java());
        command.addAll(options);
        command.add("@" + cpFile.toAbsolutePath());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!endsWithInput) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(environment);
        long from = Files.exists(log) ? Files.size(log) : 0;
        Process process = pb.start();
        if (endsWithThisJvm) Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "end-" + mainClass));
        return new Started(process, log, from);
    }

    // Starts sharing one file (a cluster's JobManager and TaskManagers) must never truncate it while a JVM started
    // before reads it: kept when it already says this, else replaced whole by a move.
    private static void writeClassPathFile(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(text)) return;
        Path written = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(written, text);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A started JVM: its process and its log, of which this start wrote from byte {@code from} on. */
    public record Started(Process process, Path log, long from) {

        /**
         * Waits until a line this start logged begins with {@code prefix}; the rest of that line. Fails naming
         * {@code name} and the log when the JVM ends first or after {@code timeoutSeconds}.
         */
        public String awaitLine(String name, String prefix, long timeoutSeconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                byte[] all = Files.readAllBytes(log);
                String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                        StandardCharsets.UTF_8);
                // whole lines only: a line being written may not have all its characters yet
                for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                    if (line.startsWith(prefix)) return line.substring(prefix.length()).trim();
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " ended (exit code " + process.exitValue() + "); its log: " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not start within " + timeoutSeconds + " s; its log: " + log);
                }
                Thread.sleep(200);
            }
        }
    }
}
