package io.cdcbridge.bench.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time a set of processes and their descendants have used, from /proc: what a pipeline cost, however busy the
 * machine was with other work. Wall-clock rates on a shared machine say how much CPU a pipeline got; CPU seconds per
 * row say what it needs.
 */
public final class CpuMeter {

    /** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux x86-64). */
    private static final double TICKS = 100.0;

    private final Map<String, Long> roots;

    private CpuMeter(Map<String, Long> roots) {
        this.roots = new java.util.LinkedHashMap<>(roots);
    }

    /** Meters the named processes (a JVM's pid, a database's server process) with their children, in the map's order. */
    public static CpuMeter of(Map<String, Long> roots) {
        return new CpuMeter(roots);
    }

    /** CPU seconds so far per named process, its live descendants' and its reaped children's included. */
    public Map<String, Double> seconds() {
        Map<Long, Stat> all = readAll();
        Map<Long, List<Long>> children = new HashMap<>();
        all.values().forEach(s -> children.computeIfAbsent(s.ppid, k -> new ArrayList<>()).add(s.pid));
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        roots.forEach((name, pid) -> {
            Stat root = all.get(pid);
            if (root == null) return;
            long ticks = root.ticks + root.reapedTicks;
            Set<Long> seen = new HashSet<>(Set.of(pid));
            List<Long> todo = new ArrayList<>(children.getOrDefault(pid, List.of()));
            while (!todo.isEmpty()) {
                long child = todo.remove(todo.size() - 1);
                if (!seen.add(child)) continue;
                Stat s = all.get(child);
                if (s == null) continue;
                ticks += s.ticks + s.reapedTicks;
                todo.addAll(children.getOrDefault(child, List.of()));
            }
            out.put(name, ticks / TICKS);
        });
        return out;
    }

    /** What each process used between two readings. */
    public static Map<String, Double> used(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        after.forEach((name, s) -> out.put(name, s - before.getOrDefault(name, 0.0)));
        return out;
    }

    /** Units of work (rows, events) per CPU second of all the processes together; NaN when nothing was measured. */
    public static double perCpuSecond(long units, Map<String, Double> used) {
        double cpu = used.values().stream().mapToDouble(Double::doubleValue).sum();
        return cpu > 0 ? units / cpu : Double.NaN;
    }

    /** The seconds of each process, joined by " + ", one decimal. */
    public static String format(Map<String, Double> used) {
        return used.values().stream().map(v -> String.format(java.util.Locale.ROOT, "%.1f", v))
                .collect(java.util.stream.Collectors.joining(" + "));
    }

    /** The server process of the PostgreSQL a connection reaches: the parent of its backend. */
    public static long postgresPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            Stat backend = read(rs.getLong(1));
            if (backend == null) throw new IllegalStateException("PostgreSQL's backend is not a process of this machine");
            return backend.ppid;
        }
    }

    /** The server process of the MariaDB or MySQL a connection reaches, from its pid file. */
    public static long mariadbPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@pid_file")) {
            rs.next();
            return Long.parseLong(Files.readString(Path.of(rs.getString(1))).strip());
        } catch (IOException e) {
            throw new IllegalStateException("MariaDB's pid file cannot be read: " + e.getMessage(), e);
        }
    }

    /** One process's line of /proc/PID/stat: its parent, its own CPU ticks and those of its children it has reaped. */
    record Stat(long pid, long ppid, long ticks, long reapedTicks) {}

    private static Map<Long, Stat> readAll() {
        Map<Long, Stat> all = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : proc) {
                Stat s = read(Long.parseLong(p.getFileName().toString()));
                if (s != null) all.put(s.pid, s);
            }
        } catch (IOException e) {
            throw new IllegalStateException("/proc cannot be read: " + e.getMessage(), e);
        }
        return all;
    }

    // /proc/PID/stat: "pid (comm) state ppid ..." with utime, stime, cutime, cstime the 14th to 17th fields; comm may
    // hold spaces and parentheses, so the fields are counted from the last ')'
    private static Stat read(long pid) {
        try {
            return parse(pid, Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return null; // ended meanwhile
        }
    }

    static Stat parse(long pid, String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): field n is f[n - 3]
        return new Stat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                Long.parseLong(f[13]) + Long.parseLong(f[14]));
    }
}
