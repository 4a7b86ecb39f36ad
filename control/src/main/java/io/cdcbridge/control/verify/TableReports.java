package io.cdcbridge.control.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reports of a statement that writes several tables (a whole schema's statement set) as one: equal when every
 * table is, a summary line per table, repairs added up, each table's own report under {@code tables}.
 */
final class TableReports {

    private static final List<String> REPAIR_COUNTS = List.of("upserted", "deleted", "gone", "extra_left");

    private TableReports() {}

    static Map<String, Object> combine(List<List<String>> tables, List<Map<String, Object>> reports) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("equal", reports.stream().allMatch(TableReports::equal));
        List<Map<String, Object>> each = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("table", String.join(".", tables.get(i)));
            one.putAll(reports.get(i));
            each.add(one);
        }
        out.put("summary", summary(each, false));
        out.put("tables", each);
        if (reports.stream().anyMatch(r -> r.containsKey("repair"))) {
            Map<String, Object> repair = new LinkedHashMap<>();
            for (String count : REPAIR_COUNTS) {
                repair.put(count, reports.stream().map(r -> r.get("repair")).filter(Map.class::isInstance)
                        .mapToLong(r -> ((Map<?, ?>) r).get(count) instanceof Number n ? n.longValue() : 0).sum());
            }
            out.put("repair", repair);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("equal", each.stream().allMatch(r -> equal(afterRepair(r))));
            after.put("summary", summary(each, true));
            out.put("after_repair", after);
        }
        return out;
    }

    private static String summary(List<Map<String, Object>> each, boolean afterRepair) {
        long equal = each.stream().filter(r -> equal(afterRepair ? afterRepair(r) : r)).count();
        StringBuilder s = new StringBuilder(each.size() + " tables: " + equal + " equal, " + (each.size() - equal) + " differ");
        for (Map<String, Object> r : each) {
            Map<String, Object> shown = afterRepair ? afterRepair(r) : r;
            s.append("\ntable ").append(r.get("table")).append(":");
            String.valueOf(shown.get("summary")).lines().forEach(line -> s.append("\n  ").append(line));
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> afterRepair(Map<String, Object> report) {
        return report.get("after_repair") instanceof Map<?, ?> after ? (Map<String, Object>) after : report;
    }

    private static boolean equal(Map<String, Object> report) {
        return Boolean.TRUE.equals(report.get("equal"));
    }
}
