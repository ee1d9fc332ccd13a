package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestSpotifyOptions {

    private static final SpotifyOptions BASE = SpotifyOptions.defaults(3, 20_000, 1);

    @Test
    void defaultsAreZippedWithoutDuplicates() {
        assertThat(SpotifyOptions.defaults(2, 500, 42)).isEqualTo(new SpotifyOptions(2, 500, 42, 0.0, false));
        assertThat(SpotifyOptions.DEFAULT_LISTENERS).isEqualTo(3);
        assertThat(SpotifyOptions.DEFAULT_PLAYS).isEqualTo(20_000);
    }

    @Test
    void eachWithChangesOneOption() {
        assertThat(BASE.withDuplicateExportRate(0.5)).isEqualTo(new SpotifyOptions(3, 20_000, 1, 0.5, false));
        assertThat(BASE.withExtracted(true)).isEqualTo(new SpotifyOptions(3, 20_000, 1, 0.0, true));
    }

    @Test
    void listenersMustBeBetween1And10000() {
        assertThatThrownBy(() -> SpotifyOptions.defaults(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listeners must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> SpotifyOptions.defaults(10_001, 1, 1))
                .hasMessage("listeners must be between 1 and 10000, got 10001");
        assertThat(SpotifyOptions.defaults(10_000, 1, 1).listeners()).isEqualTo(10_000);
    }

    @Test
    void playsMustBeBetween1AndTheMost() {
        assertThatThrownBy(() -> SpotifyOptions.defaults(1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plays must be between 1 and " + SpotifyOptions.MOST_PLAYS + ", got 0");
        assertThatThrownBy(() -> SpotifyOptions.defaults(1, SpotifyOptions.MOST_PLAYS + 1, 1))
                .hasMessage("plays must be between 1 and " + SpotifyOptions.MOST_PLAYS + ", got " + (SpotifyOptions.MOST_PLAYS + 1));
    }

    @Test
    void duplicateExportRateMustBeARate() {
        assertThatThrownBy(() -> BASE.withDuplicateExportRate(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicateExportRate must be between 0 and 1, got -0.1");
        assertThatThrownBy(() -> BASE.withDuplicateExportRate(1.5))
                .hasMessage("duplicateExportRate must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> BASE.withDuplicateExportRate(Double.NaN))
                .hasMessage("duplicateExportRate must be between 0 and 1, got NaN");
    }
}
