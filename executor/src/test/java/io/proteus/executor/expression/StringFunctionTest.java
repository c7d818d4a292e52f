package io.proteus.executor.expression;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.literal;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.testing.ArrowTestSupport;
import io.proteus.executor.testing.ExpressionTester;
import io.proteus.executor.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StringFunctionTest extends ArrowTestSupport {

    private static final DataType BOOL = DataType.bool(true);
    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType TEXT = DataType.varchar(true);

    private ExpressionTester tester;

    @BeforeEach
    void setUp() {
        tester = new ExpressionTester(allocator);
    }

    private List<Object> like(String pattern, Object... values) {
        return tester.evaluateColumn(call(ScalarFunction.LIKE, BOOL, ref(0, TEXT), literal(pattern, TEXT)), TEXT, values);
    }

    @Test
    void likeFastPaths() {
        assertThat(like("abc", "abc", "abcd", "ab", null)).isEqualTo(Arrays.asList(true, false, false, null));
        assertThat(like("ab%", "abc", "ab", "xab", "")).containsExactly(true, true, false, false);
        assertThat(like("%bc", "abc", "bc", "bcd")).containsExactly(true, true, false);
        assertThat(like("%b%", "abc", "b", "ac")).containsExactly(true, true, false);
        assertThat(like("%", "", "x")).containsExactly(true, true);
        assertThat(like("a%c%e", "abcde", "ace", "acde", "aec", "abcdef")).containsExactly(true, true, true, false, false);
        assertThat(like("ab%ba", "aba", "abba", "ab_ba")).containsExactly(false, true, true);
        assertThat(like("%é%", "café", "cafe")).containsExactly(true, false);
    }

    @Test
    void likeWithSingleCharacterWildcardAndEscape() {
        assertThat(like("a_c", "abc", "ac", "abbc", "aéc")).containsExactly(true, false, false, true);
        assertThat(like("_%", "", "x")).containsExactly(false, true);
        var escaped = call(ScalarFunction.LIKE, BOOL, ref(0, TEXT), literal("100!%%", TEXT), literal("!", TEXT));
        assertThat(tester.evaluateColumn(escaped, TEXT, "100%", "100% sure", "1000")).containsExactly(true, true, false);
        var underscore = call(ScalarFunction.LIKE, BOOL, ref(0, TEXT), literal("a\\_b", TEXT), literal("\\", TEXT));
        assertThat(tester.evaluateColumn(underscore, TEXT, "a_b", "axb")).containsExactly(true, false);
        var regexCharacters = call(ScalarFunction.LIKE, BOOL, ref(0, TEXT), literal("(a.b)_", TEXT));
        assertThat(tester.evaluateColumn(regexCharacters, TEXT, "(a.b)x", "(axb)x")).containsExactly(true, false);
    }

    @Test
    void likeWithComputedPattern() {
        assertThat(tester.evaluate(call(ScalarFunction.LIKE, BOOL, ref(0, TEXT), ref(1, TEXT)), types(TEXT, TEXT),
                List.of(row("abc", "a%"), row("abc", "b%"), row("abc", null), row("xyz", "%z")))).isEqualTo(
                Arrays.asList(true, false, null, true));
    }

    private List<Object> substring(int start, Integer length, Object... values) {
        var expression = length == null
                ? call(ScalarFunction.SUBSTRING, TEXT, ref(0, TEXT), literal(Integer.toString(start), INT))
                : call(ScalarFunction.SUBSTRING, TEXT, ref(0, TEXT), literal(Integer.toString(start), INT),
                        literal(Integer.toString(length), INT));
        return tester.evaluateColumn(expression, TEXT, values);
    }

    @Test
    void substringSqlSemantics() {
        assertThat(substring(2, 3, "abcdef", "ab", null)).isEqualTo(Arrays.asList("bcd", "b", null));
        assertThat(substring(0, 2, "abcdef")).containsExactly("a");
        assertThat(substring(-1, 3, "abcdef")).containsExactly("a");
        assertThat(substring(-5, 3, "abcdef")).containsExactly("");
        assertThat(substring(3, null, "abcdef")).containsExactly("cdef");
        assertThat(substring(10, 2, "abc")).containsExactly("");
        assertThat(substring(2, 0, "abc")).containsExactly("");
        assertThat(substring(2, 2, "héllo", "日本語テキスト")).containsExactly("él", "本語");
        assertThatThrownBy(() -> substring(1, -1, "abc")).hasMessage("negative substring length not allowed");
    }

    @Test
    void caseConversionTrimConcatLength() {
        assertThat(tester.evaluateColumn(call(ScalarFunction.UPPER, TEXT, ref(0, TEXT)), TEXT, "abC1", "straße", null))
                .isEqualTo(Arrays.asList("ABC1", "STRASSE", null));
        assertThat(tester.evaluateColumn(call(ScalarFunction.LOWER, TEXT, ref(0, TEXT)), TEXT, "AbC", "ÉCOLE"))
                .containsExactly("abc", "école");
        assertThat(tester.evaluateColumn(call(ScalarFunction.TRIM, TEXT, ref(0, TEXT)), TEXT, "  a b  ", "   ", "x"))
                .containsExactly("a b", "", "x");
        assertThat(tester.evaluate(call(ScalarFunction.CONCAT, TEXT, ref(0, TEXT), literal("-", TEXT), ref(1, INT)),
                types(TEXT, INT), List.of(row("a", 1), row(null, 2), row("c", null)))).isEqualTo(Arrays.asList("a-1", null, null));
        assertThat(tester.evaluateColumn(call(ScalarFunction.CHARACTER_LENGTH, BIGINT, ref(0, TEXT)), TEXT, "abc", "", "日本",
                null)).isEqualTo(Arrays.asList(3L, 0L, 2L, null));
        // Functions over the result of a view-producing function.
        var nested = call(ScalarFunction.UPPER, TEXT, call(ScalarFunction.SUBSTRING, TEXT,
                call(ScalarFunction.TRIM, TEXT, ref(0, TEXT)), literal("2", INT)));
        assertThat(tester.evaluateColumn(nested, TEXT, "  abc ", "x")).containsExactly("BC", "");
    }
}
