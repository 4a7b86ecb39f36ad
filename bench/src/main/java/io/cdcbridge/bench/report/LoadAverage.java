package io.cdcbridge.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, which every report gives beside its figures: on a shared machine it says how to read them. */
public final class LoadAverage {

    private LoadAverage() {}

    /** The 1, 5 and 15 minute averages, as {@code uptime} shows them ("4.36 3.83 3.14"). */
    public static String now() {
        String[] f = fields();
        return f.length < 3 ? "unknown" : f[0] + " " + f[1] + " " + f[2];
    }

    /** The last minute's average alone. */
    public static String lastMinute() {
        String[] f = fields();
        return f.length < 1 ? "unknown" : f[0];
    }

    private static String[] fields() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
        } catch (IOException e) {
            return new String[0];
        }
    }
}
