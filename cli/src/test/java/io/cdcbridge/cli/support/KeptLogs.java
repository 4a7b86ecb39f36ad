package io.cdcbridge.cli.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Copies the logs ({@code *.log}, {@code *.log.N}, {@code *.out}) found under some folders to
 * {@code target/kept-logs/CLASS/METHOD/} when a test fails, before its temporary folders are deleted, so that a CI
 * failure shows what the servers, brokers and clusters wrote:
 * {@code @RegisterExtension final KeptLogs logs = new KeptLogs(() -> List.of(workspace, ...));}
 */
public final class KeptLogs implements AfterTestExecutionCallback {

    private final Supplier<List<Path>> folders;

    public KeptLogs(Supplier<List<Path>> folders) {
        this.folders = folders;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        if (context.getExecutionException().isEmpty()) return;
        Path to = Path.of("target", "kept-logs", context.getRequiredTestClass().getSimpleName(), context.getRequiredTestMethod().getName());
        List<Path> from = folders.get();
        for (int i = 0; i < from.size(); i++) {
            Path folder = from.get(i);
            if (folder == null || !Files.isDirectory(folder)) continue;
            Path target = to.resolve(i + "-" + folder.getFileName());
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(Files::isRegularFile).filter(KeptLogs::isLog).forEach(f -> copy(f, target.resolve(folder.relativize(f))));
            }
        }
        System.err.println("logs of the failed test kept in " + to.toAbsolutePath());
    }

    private static boolean isLog(Path file) {
        String name = file.getFileName().toString();
        // not a Kafka broker's log segments (00000000000000000000.log): topic data
        if (name.matches("\\d+\\.log")) return false;
        return name.endsWith(".log") || name.endsWith(".out") || name.matches(".*\\.log\\.\\d+");
    }

    private static void copy(Path file, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
