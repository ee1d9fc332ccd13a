package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the NextSong events of a run match its song files: exactly by (title, artist name), or only
 * once mojibake is repaired on either side. Asserts on the way that every match has the song
 * file's duration, character for character.
 */
record CataloguePlays(int plays, int exact, int matched) {

    static CataloguePlays match(List<JsonLine> songs, List<JsonLine> events) {
        Map<String, String> durationByExactPair = new HashMap<>();
        Map<String, String> durationByRepairedPair = new HashMap<>();
        for (JsonLine song : songs) {
            durationByExactPair.put(
                    song.text("title") + "\u0000" + song.text("artist_name"), song.text("duration"));
            durationByRepairedPair.put(
                    GeneratedTree.unGarbled(song.text("title"))
                            + "\u0000"
                            + GeneratedTree.unGarbled(song.text("artist_name")),
                    song.text("duration"));
        }
        int plays = 0;
        int exact = 0;
        int matched = 0;
        for (JsonLine event : events) {
            if (!event.text("page").equals("NextSong")) {
                continue;
            }
            plays++;
            String duration =
                    durationByExactPair.get(event.text("song") + "\u0000" + event.text("artist"));
            if (duration != null) {
                exact++;
            } else {
                duration =
                        durationByRepairedPair.get(
                                GeneratedTree.unGarbled(event.text("song"))
                                        + "\u0000"
                                        + GeneratedTree.unGarbled(event.text("artist")));
            }
            if (duration != null) {
                matched++;
                assertThat(event.text("length")).isEqualTo(duration);
            }
        }
        return new CataloguePlays(plays, exact, matched);
    }
}
