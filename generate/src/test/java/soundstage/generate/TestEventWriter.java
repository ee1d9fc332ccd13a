package soundstage.generate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestEventWriter {

    private static final UserProfile RYAN =
            new UserProfile(
                    "26", "Ryan", "Smith", "M", "San Jose-Sunnyvale-Santa Clara, CA",
                    "\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu"
                            + " Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36\"",
                    "1.541016707796E12");

    private static final Event PUBLIC_EXAMPLE =
            new Event(
                    RYAN, true, "free", Page.NEXT_SONG, Play.of("Harmonia", "Sehr kosmisch", 65_577_751),
                    1_542_241_826_796L, 583, 0);

    @Test
    void writesThePublicExampleLineExactly() throws Exception {
        assertThat(write(LineEnding.LF, PUBLIC_EXAMPLE))
                .isEqualTo(
                        "{\"artist\":\"Harmonia\",\"auth\":\"Logged In\",\"firstName\":\"Ryan\","
                                + "\"gender\":\"M\",\"itemInSession\":0,\"lastName\":\"Smith\","
                                + "\"length\":655.77751,\"level\":\"free\","
                                + "\"location\":\"San Jose-Sunnyvale-Santa Clara, CA\",\"method\":\"PUT\","
                                + "\"page\":\"NextSong\",\"registration\":1.541016707796E12,\"sessionId\":583,"
                                + "\"song\":\"Sehr kosmisch\",\"status\":200,\"ts\":1542241826796,"
                                + "\"userAgent\":\"\\\"Mozilla\\/5.0 (X11; Linux x86_64)"
                                + " AppleWebKit\\/537.36 (KHTML, like Gecko) Ubuntu"
                                + " Chromium\\/36.0.1985.125 Chrome\\/36.0.1985.125"
                                + " Safari\\/537.36\\\"\",\"userId\":\"26\"}");
    }

    @Test
    void writesLoggedOutEventsWithoutTheUser() throws Exception {
        Event home = new Event(RYAN, false, "paid", Page.HOME, null, 1_542_241_826_796L, 583, 1);

        assertThat(write(LineEnding.LF, home))
                .isEqualTo(
                        "{\"artist\":null,\"auth\":\"Logged Out\",\"firstName\":null,\"gender\":null,"
                                + "\"itemInSession\":1,\"lastName\":null,\"length\":null,\"level\":\"paid\","
                                + "\"location\":null,\"method\":\"GET\",\"page\":\"Home\",\"registration\":null,"
                                + "\"sessionId\":583,\"song\":null,\"status\":200,\"ts\":1542241826796,"
                                + "\"userAgent\":null,\"userId\":\"\"}");
    }

    @Test
    void separatesLinesWithTheFileLineEndingAndNothingAfterTheLast() throws Exception {
        String text = write(LineEnding.CRLF, PUBLIC_EXAMPLE, PUBLIC_EXAMPLE, PUBLIC_EXAMPLE);

        assertThat(text.split("\r\n", -1)).hasSize(3);
        assertThat(text).endsWith("}");
    }

    @Test
    void damagesLinesInEachWay() throws Exception {
        for (LineDamage damage : LineDamage.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (EventWriter writer =
                    new EventWriter(out, LineEnding.LF, EventWriter.newLiteralCache())) {
                writer.write(PUBLIC_EXAMPLE);
                writer.writeDamaged(PUBLIC_EXAMPLE, damage, new SplittableRandom(1));
                writer.write(PUBLIC_EXAMPLE);
            }
            String[] lines = out.toString(UTF_8).split("\n", -1);
            assertThat(lines).as(damage.name()).hasSize(3);
            assertThat(JsonLine.parse(lines[2])).isPresent();
            var parsed = JsonLine.parse(lines[1]);
            switch (damage) {
                case TRUNCATED -> assertThat(parsed).isEmpty();
                case PLAIN_TEXT -> assertThat(parsed).isEmpty();
                case PAGE_MISSING -> assertThat(parsed.orElseThrow().fields()).doesNotContainKey("page");
                case TS_NOT_A_NUMBER -> assertThat(parsed.orElseThrow().text("ts")).isEqualTo("yesterday");
            }
        }
    }

    @Test
    void neverDamagesTheFirstLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventWriter writer = new EventWriter(out, LineEnding.LF, EventWriter.newLiteralCache())) {
            SplittableRandom random = new SplittableRandom(1);
            assertThatThrownBy(() -> writer.writeDamaged(PUBLIC_EXAMPLE, LineDamage.PLAIN_TEXT, random))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the first line of a file is never damaged");
        }
    }

    @Test
    void cachedAndUncachedStringsAreWrittenAlike() throws Exception {
        Play accented = Play.of("Björk", "Love/Hate \"Live\"", 24_000_000);
        Event event = new Event(RYAN, true, "paid", Page.NEXT_SONG, accented, 1L, 1, 0);
        JsonLiteralCache full = EventWriter.newLiteralCache();
        for (int i = 0; i < JsonLiteralCache.CAPACITY; i++) {
            full.literal("filler " + i);
        }
        ByteArrayOutputStream uncached = new ByteArrayOutputStream();
        try (EventWriter writer = new EventWriter(uncached, LineEnding.LF, full)) {
            writer.write(event);
        }

        assertThat(uncached.toString(UTF_8)).isEqualTo(write(LineEnding.LF, event));
        assertThat(write(LineEnding.LF, event))
                .contains("\"artist\":\"Björk\"", "\"song\":\"Love\\/Hate \\\"Live\\\"\"", "240.0");
    }

    private static String write(LineEnding lineEnding, Event... events) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventWriter writer = new EventWriter(out, lineEnding, EventWriter.newLiteralCache())) {
            for (Event event : events) {
                writer.write(event);
            }
        }
        return out.toString(UTF_8);
    }
}
