package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestFileKind {
    @Test
    void findsKindsByTheirCommandLineName() {
        assertThat(FileKind.fromCliName("sparkify-events")).isEqualTo(FileKind.SPARKIFY_EVENTS);
        assertThat(FileKind.fromCliName("sparkify-songs")).isEqualTo(FileKind.SPARKIFY_SONGS);
        assertThat(FileKind.fromCliName("spotify-export")).isEqualTo(FileKind.SPOTIFY_EXPORT);
    }

    @Test
    void unknownKindNamesTheKnownOnes() {
        assertThatThrownBy(() -> FileKind.fromCliName("spotify"))
                .isInstanceOf(UserException.class)
                .hasMessage("Unknown input kind 'spotify'. Use one of: sparkify-songs, sparkify-events, spotify-export.");
    }
}
