package soundstage.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestAnswer {
    /** A download opened in a spreadsheet runs no formula a song or artist name holds; numbers keep their sign. */
    @Test
    void csvTextThatAFormulaWouldStartWithIsMadeInert() {
        Answer answer = Answer.of(List.of("song_title", "artist_name", "plays"), List.<Object[]>of(
                new Object[] {"=HYPERLINK(\"http://x\")", "@SUM(A1)", -5L},
                new Object[] {"+1", "Plain, \"quoted\"", 7L},
                new Object[] {"", null, 0L}), true);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("song_title,artist_name,plays\r\n"
                + "\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),-5\r\n"
                + "'+1,\"Plain, \"\"quoted\"\"\",7\r\n"
                + ",,0\r\n");
    }
}
