package io.proteus.server.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at the semicolons that end them, ignoring semicolons inside string literals,
 * quoted identifiers and comments ({@code --} to the end of the line, and block comments).
 */
final class StatementSplitter {

    private StatementSplitter() {
    }

    /**
     * The complete statements of a text (each without its semicolon, stripped, empty ones dropped) and the text after
     * the last semicolon, which is an unfinished statement unless it is blank.
     */
    record Split(List<String> statements, String remainder) {
        Split {
            statements = List.copyOf(statements);
            requireNonNull(remainder, "remainder");
        }

        /** True if nothing but whitespace or comments follows the last complete statement. */
        boolean remainderIsBlank() {
            return stripComments(remainder).isBlank();
        }
    }

    static Split split(String text) {
        requireNonNull(text, "text");
        List<String> statements = new ArrayList<>();
        int start = 0;
        int index = 0;
        while (index < text.length()) {
            char character = text.charAt(index);
            char next = index + 1 < text.length() ? text.charAt(index + 1) : '\0';
            if (character == '\'' || character == '"') {
                index = endOfQuoted(text, index, character);
            } else if (character == '-' && next == '-') {
                int end = text.indexOf('\n', index);
                index = end < 0 ? text.length() : end + 1;
            } else if (character == '/' && next == '*') {
                int end = text.indexOf("*/", index + 2);
                index = end < 0 ? text.length() : end + 2;
            } else if (character == ';') {
                String statement = text.substring(start, index).strip();
                if (!stripComments(statement).isBlank()) {
                    statements.add(statement);
                }
                index++;
                start = index;
            } else {
                index++;
            }
        }
        return new Split(statements, text.substring(Math.min(start, text.length())));
    }

    /** The index after the closing quote of a quoted part starting at {@code open} (a doubled quote is escaped). */
    private static int endOfQuoted(String text, int open, char quote) {
        int index = open + 1;
        while (index < text.length()) {
            if (text.charAt(index) == quote) {
                if (index + 1 < text.length() && text.charAt(index + 1) == quote) {
                    index += 2;
                    continue;
                }
                return index + 1;
            }
            index++;
        }
        return text.length();
    }

    /** The text without its comments (quoted parts kept). */
    static String stripComments(String text) {
        StringBuilder kept = new StringBuilder();
        int index = 0;
        while (index < text.length()) {
            char character = text.charAt(index);
            char next = index + 1 < text.length() ? text.charAt(index + 1) : '\0';
            if (character == '\'' || character == '"') {
                int end = endOfQuoted(text, index, character);
                kept.append(text, index, end);
                index = end;
            } else if (character == '-' && next == '-') {
                int end = text.indexOf('\n', index);
                index = end < 0 ? text.length() : end;
            } else if (character == '/' && next == '*') {
                int end = text.indexOf("*/", index + 2);
                index = end < 0 ? text.length() : end + 2;
                kept.append(' ');
            } else {
                kept.append(character);
                index++;
            }
        }
        return kept.toString();
    }
}
