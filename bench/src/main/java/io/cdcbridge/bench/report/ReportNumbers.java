package io.cdcbridge.bench.report;

import java.util.Locale;

/** Numbers as the reports print them: whole numbers, ratios to two places, "-" where there is none. */
public final class ReportNumbers {

    private ReportNumbers() {}

    public static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    public static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
