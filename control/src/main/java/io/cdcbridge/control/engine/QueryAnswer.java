package io.cdcbridge.control.engine;

import java.util.List;

/**
 * What a query answered: its columns and up to the rows asked for, each value as text; {@code more} when it had more;
 * {@code cancelled} when it was cancelled while it ran (the rows are those that came before).
 */
public record QueryAnswer(List<String> columns, List<List<String>> rows, boolean more, boolean cancelled) {

    public QueryAnswer {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }

    public QueryAnswer(List<String> columns, List<List<String>> rows, boolean more) {
        this(columns, rows, more, false);
    }
}
