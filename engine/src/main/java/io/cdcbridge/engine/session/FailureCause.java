package io.cdcbridge.engine.session;

import java.util.ArrayList;
import java.util.List;

/** Turns an exception chain from Flink into one line a user can act on: the innermost message that says something. */
public final class FailureCause {

    private FailureCause() {}

    /** The root cause's message, prefixed with the outermost message when that adds context. */
    public static String describe(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) chain.add(c);
        Throwable root = chain.get(chain.size() - 1);
        String rootText = text(root);
        for (int i = chain.size() - 2; i >= 0 && isGeneric(rootText); i--) rootText = text(chain.get(i));
        String top = chain.get(0).getMessage();
        if (top != null && chain.size() > 1 && !isGeneric(top) && !top.contains(rootText) && firstLine(top).length() < 300) {
            return firstLine(top).replaceFirst("\\.$", "") + ": " + rootText;
        }
        return rootText;
    }

    private static String text(Throwable t) {
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) return t.getClass().getSimpleName();
        return LISTS.stream().anyMatch(msg::startsWith) ? withLists(msg) : firstLine(msg);
    }

    // Flink's factory messages whose lists are the point: which options are missing, which are unknown and which
    // the connector takes, which connectors exist
    private static final List<String> LISTS = List.of("One or more required options are missing.",
            "Unsupported options found for", "Could not find any factory for identifier");

    // "Unsupported options found for 'kafka'.\n\nUnsupported options:\n\nscan.mode\n\nSupported options:\n\na\nb"
    // -> "Unsupported options found for 'kafka'. Unsupported options: scan.mode. Supported options: a, b"
    private static String withLists(String msg) {
        StringBuilder out = new StringBuilder();
        boolean list = false;
        for (String paragraph : msg.strip().split("\\n\\s*\\n")) {
            String p = paragraph.strip();
            if (p.isEmpty()) continue;
            if (out.length() > 0) out.append(".:".indexOf(out.charAt(out.length() - 1)) >= 0 ? " " : ". ");
            out.append(list ? String.join(", ", p.lines().map(String::strip).toList()) : p.replaceAll("\\s*\\n\\s*", " "));
            list = p.endsWith(":");
        }
        String s = out.toString();
        return s.length() > 4000 ? s.substring(0, 3997) + "..." : s;
    }

    // long enough for a connector's message that names what happened and the command that goes on from it
    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse(s);
        return line.length() > 1000 ? line.substring(0, 997) + "..." : line;
    }

    private static boolean isGeneric(String msg) {
        return msg.startsWith("Recovery is suppressed") || msg.equals("Job execution failed.")
                || msg.startsWith("org.apache.flink.runtime.JobException") || msg.endsWith("Exception");
    }
}
