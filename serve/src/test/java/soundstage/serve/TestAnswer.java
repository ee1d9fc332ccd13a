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

    /** A spreadsheet whose list separator is ';' split an unquoted "x;=cmd|..." there, and the second cell was a formula. */
    @Test
    void csvTextWithASemicolonIsQuotedSoNoSpreadsheetSplitsIt() {
        Answer answer = Answer.of(List.of("raw"), List.<Object[]>of(new Object[] {"x;=cmd|' /C calc'!A0"}, new Object[] {"a;b"}), true);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("raw\r\n\"x;=cmd|' /C calc'!A0\"\r\n\"a;b\"\r\n");
    }

    /** lim%00it was shown as 'limit', and U+202E turned the rest of the message around. */
    @Test
    void textFromARequestShowsWhatIsNotVisibleAsEscapes() {
        assertThat(Params.clip("lim\u0000it", 40)).isEqualTo("lim\\u0000it");
        assertThat(Params.clip("all\u202Eevil", 40)).isEqualTo("all\\u202Eevil");
        assertThat(Params.clip("tab\there", 40)).isEqualTo("tab\\u0009here");
        assertThat(Params.clip("caf\u00e9 ok", 40)).isEqualTo("caf\u00e9 ok");
        assertThat(Params.clip("x".repeat(50), 40)).isEqualTo("x".repeat(40) + "...");
    }

    /** Padded values (limit=000...05) were keys of their own, and the keys were not counted: the cache filled the heap. */
    @Test
    void theCacheCountsItsKeys() {
        AnswerCache cache = new AnswerCache();
        Answer tiny = Answer.of(List.of("a"), List.<Object[]>of(new Object[] {1L}), false);
        String padding = "0".repeat(100_000);
        for (int i = 0; i < 1_000; i++) {
            cache.put(padding + i, tiny);
        }
        assertThat(cache.size()).isLessThan(200);   // 32 MB of keys of 200 KB each
    }
}
