package soundstage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;

class TestKindGuess {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void eachKindIsKnownByTheKeysOfItsFirstLineOrItsName() throws IOException {
        assertThat(KindGuess.of(file("a.json", "{\"artist\":null,\"page\":\"Home\",\"ts\":1}\n{not json")))
                .hasValueSatisfying(guess -> assertThat(guess.kind()).isEqualTo(FileKind.SPARKIFY_EVENTS));
        assertThat(KindGuess.of(file("TRAAA.json", "{\"num_songs\":1,\"artist_id\":\"AR1\",\"song_id\":\"SO1\"}")))
                .hasValueSatisfying(guess -> assertThat(guess.why()).isEqualTo("its first line has song_id and artist_id"));
        assertThat(KindGuess.of(file("plays.json", "[\n  {\n    \"ts\": \"2023-01-01T00:00:00Z\",\n    \"ms_played\": 1000\n  }\n]")))
                .hasValueSatisfying(guess -> assertThat(guess.kind()).isEqualTo(FileKind.SPOTIFY_EXPORT));
        assertThat(KindGuess.of(file("StreamingHistory_music_0.json", "not even JSON")))
                .hasValueSatisfying(guess -> assertThat(guess.why()).isEqualTo("its name is a Spotify streaming history's"));
    }

    @Test
    void textOfNoKindGivesNoGuess() throws IOException {
        assertThat(KindGuess.of(file("empty.json", ""))).isEmpty();
        assertThat(KindGuess.of(file("text.json", "ts page song_id artist_id"))).isEmpty();
        assertThat(KindGuess.of(file("other.json", "{\"id\":1,\"name\":\"x\"}"))).isEmpty();
        assertThat(KindGuess.of(Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}))).isEmpty();
    }

    @Test
    void aHintNamesOnlyAnotherKind() throws IOException {
        Path events = file("e.json", "{\"ts\":1,\"page\":\"Home\"}");
        assertThat(KindGuess.hint(FileKind.SPARKIFY_EVENTS, List.of(events))).isEmpty();
        assertThat(KindGuess.hint(FileKind.SPARKIFY_SONGS, List.of(file("x.json", "x"), events)))
                .hasValue("hint: '" + events + "' looks like sparkify-events (its first line has ts and page), not sparkify-songs: "
                        + "ingest such files with soundstage ingest sparkify-events PATH (a file rejected as one kind is ingested again as another)");
    }
}
