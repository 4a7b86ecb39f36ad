package io.cdcbridge.bench.process;

/** Reads /proc/PID/status. */
public final class ProcStatus {

    private ProcStatus() {}

    /** The peak resident set (VmHWM) in bytes, from the text of /proc/PID/status; 0 when it has none. */
    static long highWaterMarkBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                if (parts.length < 2 || !parts[1].equalsIgnoreCase("kB")) {
                    throw new IllegalArgumentException("VmHWM in an unknown unit: " + line);
                }
                return value * 1024;
            }
        }
        return 0;
    }
}
