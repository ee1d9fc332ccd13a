package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Number and text formats that must match the public data character for character. */
class TestFormatting {

    @Test
    void fiveDecimalsWritesLikePythonRepr() {
        assertThat(FiveDecimals.format(21_893_179)).isEqualTo("218.93179");
        assertThat(FiveDecimals.format(21_893_170)).isEqualTo("218.9317");
        assertThat(FiveDecimals.format(24_000_000)).isEqualTo("240.0");
        assertThat(FiveDecimals.format(6_000_001)).isEqualTo("60.00001");
        assertThat(FiveDecimals.format(-9_004_892)).isEqualTo("-90.04892");
        assertThat(FiveDecimals.format(-12_714)).isEqualTo("-0.12714");
        assertThat(FiveDecimals.format(0)).isEqualTo("0.0");
        assertThat(FiveDecimals.units(218.93179)).isEqualTo(21_893_179);
    }

    @Test
    void fiveDecimalsRoundTripsThroughDouble() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            long units = random.nextLong(6_000_000, 60_000_001);
            assertThat(FiveDecimals.units(Double.parseDouble(FiveDecimals.format(units))))
                    .isEqualTo(units);
        }
    }

    @Test
    void registrationIsJavaDoubleNotation() {
        assertThat(UserPool.registrationText(1_541_016_707_796L)).isEqualTo("1.541016707796E12");
        assertThat(UserPool.registrationText(1_541_016_707_790L)).isEqualTo("1.54101670779E12");
        assertThat(UserPool.registrationText(1_000_000_000_000L)).isEqualTo("1.0E12");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong(-2_000_000_000_000L, 2_000_000_000_000L);
            assertThat(UserPool.registrationText(millis)).isEqualTo(Double.toString(millis));
        }
    }

    @Test
    void mojibakeIsUtf8ReadAsLatin1AndRepairs() {
        assertThat(Mojibake.garble("Björk")).isEqualTo("BjÃ¶rk");
        assertThat(Mojibake.garble("Beyoncé")).isEqualTo("BeyoncÃ©");
        assertThat(Mojibake.garble("ASCII only")).isEqualTo("ASCII only");
        for (String name : WordList.load("accented-artists.txt").words()) {
            assertThat(Mojibake.affects(name)).as(name).isTrue();
            assertThat(Mojibake.repair(Mojibake.garble(name))).isEqualTo(name);
        }
    }

    @Test
    void userAgentsAreQuotedWhenTheyHaveACommaAsInThePublicLogs() {
        assertThat(UserAgents.asLogged("Mozilla/5.0 (KHTML, like Gecko)"))
                .isEqualTo("\"Mozilla/5.0 (KHTML, like Gecko)\"");
        assertThat(UserAgents.asLogged("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Firefox/31.0"))
                .isEqualTo("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Firefox/31.0");
    }

    @Test
    void msdIdsHaveTheirShape() {
        MsdIds ids = new MsdIds();
        SplittableRandom random = new SplittableRandom(1);
        assertThat(ids.track(random)).matches("TR[A-Z]{5}[0-9A-F]{11}");
        assertThat(ids.song(random)).matches("SO[A-Z]{5}[0-9A-F]{11}");
        assertThat(ids.artist(random)).matches("AR[A-Z0-9]{16}");
    }
}
