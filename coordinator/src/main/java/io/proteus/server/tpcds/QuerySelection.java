package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import io.proteus.tpcds.TpcdsQueries;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The TPC-DS queries a command runs, parsed from a selection such as {@code 1-99}, {@code 3,7,42} or
 * {@code 1-10,42,90-99}: comma-separated query numbers (1 to 99, leading zeros allowed) and inclusive ranges.
 *
 * @param queries the query names ({@code "01"} to {@code "99"}) in the order given, each once
 */
public record QuerySelection(List<String> queries) {

    /** Every query, {@code 1-99}. */
    public static final String ALL = "1-99";

    public QuerySelection {
        queries = List.copyOf(queries);
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("A query selection names at least one query");
        }
    }

    /** Returns all 99 queries in order. */
    public static QuerySelection all() {
        return new QuerySelection(TpcdsQueries.names());
    }

    /**
     * Parses a selection.
     *
     * @throws IllegalArgumentException with a message saying what is wrong, if the text is not a selection
     */
    public static QuerySelection parse(String text) {
        requireNonNull(text, "text");
        if (text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        Set<String> queries = new LinkedHashSet<>();
        for (String item : text.split(",", -1)) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) {
                throw invalid(text, "an item between commas is empty");
            }
            int dash = trimmed.indexOf('-', 1);
            if (dash < 0) {
                queries.add(name(number(text, trimmed)));
                continue;
            }
            int first = number(text, trimmed.substring(0, dash).strip());
            int last = number(text, trimmed.substring(dash + 1).strip());
            if (last < first) {
                throw invalid(text, "the range " + trimmed + " ends before it starts");
            }
            for (int query = first; query <= last; query++) {
                queries.add(name(query));
            }
        }
        return new QuerySelection(List.copyOf(queries));
    }

    private static int number(String text, String item) {
        int count = TpcdsQueries.names().size();
        if (item.isEmpty() || !item.chars().allMatch(character -> character >= '0' && character <= '9')) {
            throw invalid(text, "'" + item + "' is not a query number (1 to " + count + ")");
        }
        int number;
        try {
            number = Integer.parseInt(item);
        } catch (NumberFormatException e) {
            number = Integer.MAX_VALUE;
        }
        if (number < 1 || number > count) {
            throw invalid(text, "there is no query " + item + " (the queries are 1 to " + count + ")");
        }
        return number;
    }

    private static String name(int number) {
        return TpcdsQueries.names().get(number - 1);
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("Invalid query selection '" + text + "': " + reason
                + "; expected numbers and ranges such as 1-99, 3,7,42 or 1-10,42");
    }
}
