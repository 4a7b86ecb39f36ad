package io.cdcbridge.control.evolution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What starting a statement's sources at a timestamp does to its stateful operators: a window that began before the
 * start gets only part of its input (seed 002 advises starting at a window boundary), and an aggregation or join
 * over the whole history sees only what comes after the start.
 */
final class Windows {

    private static final Set<String> WINDOWED = Set.of("WindowAggregate", "GlobalWindowAggregate", "GroupWindowAggregate",
            "WindowJoin", "WindowRank", "WindowDeduplicate");
    private static final Pattern SIZE = Pattern.compile("(slide|size)=\\[(\\d+) (ms|s|min|h|d)\\]");
    private static final Pattern GROUP_WINDOW = Pattern.compile("(?:Tumbling|Sliding)GroupWindow\\([^,]*, [^,]*, (\\d+)(?:, (\\d+))?\\)");
    private static final Map<String, Long> UNIT = Map.of("ms", 1L, "s", 1000L, "min", 60_000L, "h", 3_600_000L, "d", 86_400_000L);

    private Windows() {}

    /** One warning per stateful operator whose results the start at {@code from} makes differ from a full replay. */
    static List<String> cutWarnings(List<String> operators, long from) {
        List<String> out = new ArrayList<>();
        Instant at = Instant.ofEpochMilli(from);
        for (String op : operators) {
            String name = op.substring(0, Math.max(0, op.indexOf('(')));
            if (WINDOWED.contains(name)) {
                long step = step(op);
                if (step <= 0) {
                    out.add("starting at " + at + " may cut a window of " + op + ": start at a window boundary, or filter"
                            + " the window's time column (WHERE event_time >= <boundary>)");
                } else if (from % step != 0) {
                    long start = from - Math.floorMod(from, step);
                    out.add("starting at " + at + " cuts the window that began at " + Instant.ofEpochMilli(start) + " ("
                            + op + "): its first result counts only the input from " + at + " on; start at "
                            + Instant.ofEpochMilli(start + step) + " (a window boundary), or filter the window's time column"
                            + " (WHERE event_time >= '" + Instant.ofEpochMilli(start + step) + "')");
                }
            } else {
                out.add("starting at " + at + ", " + op + " sees only the input from then on (an aggregate or join over"
                        + " the whole history differs from v1's)");
            }
        }
        return out;
    }

    // the window's step in ms: the slide of a hopping window, else its size; 0 when the plan does not say
    private static long step(String op) {
        long size = 0;
        long slide = 0;
        Matcher m = SIZE.matcher(op);
        while (m.find()) {
            long v = Long.parseLong(m.group(2)) * UNIT.get(m.group(3));
            if (m.group(1).equals("slide")) slide = v;
            else size = v;
        }
        Matcher g = GROUP_WINDOW.matcher(op);
        if (size == 0 && g.find()) {
            size = Long.parseLong(g.group(1));
            if (g.group(2) != null) slide = Long.parseLong(g.group(2));
        }
        return slide > 0 ? slide : size;
    }
}
