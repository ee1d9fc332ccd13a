package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import soundstage.warehouse.postgres.LineRules.Type;

/**
 * Text to typed COPY values as DuckDB's TRY_CAST reads them, except that an integer with a
 * fractional part, however small, is refused rather than rounded, as DuckDB's loader refuses it
 * with meta.has_fraction, and that only decimal numbers are numbers (not 0x10, 0b11 or 1_1), as
 * meta.is_integer and meta.is_double decide (NULL expected value: not a number).
 */
class TestLineRules {
    @ParameterizedTest(name = "{0} as {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            26                 | false | INTEGER | 26
            -7                 | true  | INTEGER | -7
            ' 12 '             | false | INTEGER | 12
            12.0               | false | INTEGER | 12
            12.5               | false | INTEGER | NULL
            -12.5              | false | INTEGER | NULL
            1e3                | true  | INTEGER | 1000
            1.5e1              | true  | INTEGER | 15
            1.55e1             | true  | INTEGER | NULL
            +5                 | false | INTEGER | 5
            2147483647         | true  | INTEGER | 2147483647
            2147483648         | true  | INTEGER | NULL
            abc                | false | INTEGER | NULL
            ''                 | false | INTEGER | NULL
            1e999999           | false | INTEGER | NULL
            1541106106796      | true  | BIGINT  | 1541106106796
            1541106106796.0    | true  | BIGINT  | 1541106106796
            1541030428.305     | true  | BIGINT  | NULL
            9223372036854775808 | true | BIGINT  | NULL
            218.93179          | true  | DOUBLE  | 218.93179
            1.540344794796E12  | true  | DOUBLE  | 1.540344794796E12
            1e400              | true  | DOUBLE  | Infinity
            ' 1.5 '            | false | DOUBLE  | 1.5
            inf                | false | DOUBLE  | Infinity
            NaN                | false | DOUBLE  | NaN
            long               | false | DOUBLE  | NULL
            0x10               | false | INTEGER | NULL
            0b11               | false | INTEGER | NULL
            1_1                | false | INTEGER | NULL
            1e0001             | false | INTEGER | NULL
            150e-1             | false | INTEGER | 15
            1541030707132.0001 | true  | BIGINT  | NULL
            1541030707132.0000000000001 | true | BIGINT | NULL
            1.5410307071320001e12 | true | BIGINT | NULL
            1.541030707132e12  | true  | BIGINT  | 1541030707132
            1_000.5            | false | DOUBLE  | NULL
            1e0001             | false | DOUBLE  | 10.0
            -nan               | false | DOUBLE  | NaN
            """)
    void numbersAreReadAsDuckDbReadsThem(String text, boolean jsonNumber, Type type, String expected) {
        assertThat(LineRules.typed(text, jsonNumber, type)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            ''          | NULL
            '   '       | NULL
            ' Casual '  | Casual
            Casual      | Casual
            """)
    void cleanTextTrimsAndEmptiesToNull(String text, String expected) {
        assertThat(LineRules.cleanText(text)).isEqualTo(expected);
    }
}
