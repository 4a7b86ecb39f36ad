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
        if (top != null && chain.size() > 1 && !isGeneric(top) && !top.contains(rootText) && top.length() < 300) {
            return firstLine(top) + ": " + rootText;
        }
        return rootText;
    }

    private static String text(Throwable t) {
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) return t.getClass().getSimpleName();
        return firstLine(msg);
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse(s);
        return line.length() > 500 ? line.substring(0, 497) + "..." : line;
    }

    private static boolean isGeneric(String msg) {
        return msg.startsWith("Recovery is suppressed") || msg.equals("Job execution failed.")
                || msg.startsWith("org.apache.flink.runtime.JobException") || msg.endsWith("Exception");
    }
}
