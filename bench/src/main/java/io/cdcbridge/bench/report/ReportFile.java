package io.cdcbridge.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/**
 * Where a run's report goes ({@code --report}, a mixin of every command): a file named after the benchmark, its size
 * and the minute it was written, so that runs never overwrite each other.
 */
public final class ReportFile {

    @Option(names = {"--report", "--report-dir"}, defaultValue = "bench/reports", paramLabel = "DIR",
            description = "Directory of the report (default ${DEFAULT-VALUE}).")
    Path dir;

    /** The directory, created when missing. */
    public Path dir() throws IOException {
        return Files.createDirectories(dir);
    }

    /** {@code <prefix>-<yyyy-MM-dd-HHmm>}: the name of a run's files, without extension. */
    public static String name(String prefix) {
        return prefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
    }

    /** Writes the markdown to {@code <dir>/<prefix>-<date>.md}; returns its path. */
    public Path write(String prefix, String markdown) throws IOException {
        return Files.writeString(dir().resolve(name(prefix) + ".md"), markdown);
    }
}
