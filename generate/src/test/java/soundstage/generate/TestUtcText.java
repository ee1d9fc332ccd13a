package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestUtcText {

    private final UtcText text = new UtcText();

    @Test
    void writesSecondsAndMinutesInUtcTruncated() {
        long millis = Instant.parse("2020-03-12T01:20:18.999Z").toEpochMilli();
        assertThat(text.seconds(millis)).isEqualTo("2020-03-12T01:20:18Z");
        assertThat(text.minute(millis)).isEqualTo("2020-03-12 01:20");
        assertThat(text.minute(Instant.parse("2020-03-12T23:59:59.999Z").toEpochMilli())).isEqualTo("2020-03-12 23:59");
        assertThat(text.seconds(Instant.parse("2020-03-13T00:00:00Z").toEpochMilli())).isEqualTo("2020-03-13T00:00:00Z");
    }

    @Test
    void agreesWithInstantAcrossDays() {
        for (long millis = -86_400_000L * 3; millis < 86_400_000L * 400; millis += 7_777_777) {
            String expected = Instant.ofEpochMilli(millis - Math.floorMod(millis, 1_000)).toString();
            assertThat(text.seconds(millis)).isEqualTo(expected);
            assertThat(text.minute(millis)).isEqualTo(expected.substring(0, 16).replace('T', ' '));
        }
    }
}
