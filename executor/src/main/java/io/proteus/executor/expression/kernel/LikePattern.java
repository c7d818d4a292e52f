package io.proteus.executor.expression.kernel;

import io.proteus.executor.DataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled SQL LIKE pattern ({@code %} any sequence, {@code _} any one character, optional escape character).
 * Patterns without {@code _} match on UTF-8 bytes without decoding: exact, prefix ({@code abc%}), suffix
 * ({@code %abc}), infix ({@code %abc%}) and general sequences of fixed segments; patterns with {@code _} use a regular
 * expression over the decoded string.
 */
public final class LikePattern {

    private enum Shape { EXACT, PREFIX, SUFFIX, INFIX, SEGMENTS, ANY, REGEX }

    private final Shape shape;
    private final byte[][] segments;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    private final Pattern regex;

    private LikePattern(Shape shape, byte[][] segments, boolean anchoredStart, boolean anchoredEnd, Pattern regex) {
        this.shape = shape;
        this.segments = segments;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
        this.regex = regex;
    }

    /** Compiles {@code pattern} with the optional escape character (null or empty for none). */
    public static LikePattern compile(String pattern, String escape) {
        int escapeCodePoint = -1;
        if (escape != null && !escape.isEmpty()) {
            if (escape.codePointCount(0, escape.length()) != 1) {
                throw new DataException("LIKE escape must be a single character: '" + escape + "'");
            }
            escapeCodePoint = escape.codePointAt(0);
        }
        // Tokens: a literal string, or null for '%', or "\0_" marker for '_'.
        List<String> parts = new ArrayList<>();
        List<Character> kinds = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean hasSingle = false;
        for (int i = 0; i < pattern.length(); ) {
            int codePoint = pattern.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint == escapeCodePoint) {
                if (i >= pattern.length()) {
                    throw new DataException("LIKE pattern ends with the escape character: '" + pattern + "'");
                }
                int escaped = pattern.codePointAt(i);
                i += Character.charCount(escaped);
                literal.appendCodePoint(escaped);
            } else if (codePoint == '%' || codePoint == '_') {
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    kinds.add('L');
                    literal.setLength(0);
                }
                parts.add(null);
                kinds.add((char) codePoint);
                hasSingle |= codePoint == '_';
            } else {
                literal.appendCodePoint(codePoint);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
            kinds.add('L');
        }
        if (hasSingle) {
            StringBuilder expression = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                switch (kinds.get(i)) {
                    case '%' -> expression.append(".*");
                    case '_' -> expression.append('.');
                    default -> expression.append(Pattern.quote(parts.get(i)));
                }
            }
            return new LikePattern(Shape.REGEX, null, false, false, Pattern.compile(expression.toString(), Pattern.DOTALL));
        }
        boolean anchoredStart = kinds.isEmpty() || kinds.getFirst() == 'L';
        boolean anchoredEnd = kinds.isEmpty() || kinds.getLast() == 'L';
        List<byte[]> literals = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (kinds.get(i) == 'L') {
                literals.add(parts.get(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[][] segments = literals.toArray(new byte[0][]);
        Shape shape;
        if (kinds.isEmpty()) {
            shape = Shape.EXACT;
            segments = new byte[][] {new byte[0]};
        } else if (segments.length == 0) {
            shape = Shape.ANY;
        } else if (segments.length == 1 && anchoredStart && anchoredEnd) {
            shape = Shape.EXACT;
        } else if (segments.length == 1 && anchoredStart) {
            shape = Shape.PREFIX;
        } else if (segments.length == 1 && anchoredEnd) {
            shape = Shape.SUFFIX;
        } else if (segments.length == 1) {
            shape = Shape.INFIX;
        } else {
            shape = Shape.SEGMENTS;
        }
        return new LikePattern(shape, segments, anchoredStart, anchoredEnd, null);
    }

    /** Whether the UTF-8 string {@code data[start..end)} matches. */
    public boolean matches(byte[] data, int start, int end) {
        return switch (shape) {
            case ANY -> true;
            case EXACT -> java.util.Arrays.equals(data, start, end, segments[0], 0, segments[0].length);
            case PREFIX -> startsWith(data, start, end, segments[0]);
            case SUFFIX -> endsWith(data, start, end, segments[0]);
            case INFIX -> indexOf(data, start, end, segments[0]) >= 0;
            case SEGMENTS -> matchSegments(data, start, end);
            case REGEX -> regex.matcher(new String(data, start, end - start, StandardCharsets.UTF_8)).matches();
        };
    }

    private boolean matchSegments(byte[] data, int start, int end) {
        int position = start;
        int limit = end;
        int first = 0;
        int last = segments.length;
        if (anchoredStart) {
            if (!startsWith(data, position, limit, segments[0])) {
                return false;
            }
            position += segments[0].length;
            first = 1;
        }
        if (anchoredEnd) {
            byte[] suffix = segments[segments.length - 1];
            if (limit - position < suffix.length || !endsWith(data, position, limit, suffix)) {
                return false;
            }
            limit -= suffix.length;
            last--;
        }
        for (int i = first; i < last; i++) {
            int found = indexOf(data, position, limit, segments[i]);
            if (found < 0) {
                return false;
            }
            position = found + segments[i].length;
        }
        return true;
    }

    private static boolean startsWith(byte[] data, int start, int end, byte[] prefix) {
        return end - start >= prefix.length && java.util.Arrays.equals(data, start, start + prefix.length, prefix, 0, prefix.length);
    }

    private static boolean endsWith(byte[] data, int start, int end, byte[] suffix) {
        return end - start >= suffix.length && java.util.Arrays.equals(data, end - suffix.length, end, suffix, 0, suffix.length);
    }

    private static int indexOf(byte[] data, int start, int end, byte[] needle) {
        int length = needle.length;
        if (length == 0) {
            return start;
        }
        byte firstByte = needle[0];
        int lastStart = end - length;
        for (int i = start; i <= lastStart; i++) {
            if (data[i] == firstByte && java.util.Arrays.equals(data, i + 1, i + length, needle, 1, length)) {
                return i;
            }
        }
        return -1;
    }
}
