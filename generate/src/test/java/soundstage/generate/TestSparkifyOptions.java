package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TestSparkifyOptions {

    private static final SparkifyOptions BASE = SparkifyOptions.defaults(1_000, 10, 1);

    @Test
    void defaultsMatchThePublicDataset() {
        SparkifyOptions options = SparkifyOptions.defaults(1_000_000, 500, 42);

        assertThat(options)
                .isEqualTo(
                        new SparkifyOptions(
                                1_000_000, 500, 42, 1, 0.0, 0.0, LocalDate.of(2018, 11, 1), 40_000));
        assertThat(options.days()).isEqualTo(25);
        assertThat(SparkifyOptions.defaults(10_000_000, 500, 42).days()).isEqualTo(250);
        assertThat(SparkifyOptions.defaults(0, 1, 42).days()).isZero();
    }

    @Test
    void withersChangeOneOption() {
        SparkifyOptions options =
                BASE.withSongsPerFile(5)
                        .withDuplicateFileRate(0.1)
                        .withBadLineRate(0.2)
                        .withStartDate(LocalDate.of(2020, 2, 28))
                        .withMaxEventsPerDay(300);

        assertThat(options)
                .isEqualTo(new SparkifyOptions(1_000, 10, 1, 5, 0.1, 0.2, LocalDate.of(2020, 2, 28), 300));
    }

    @Test
    void rejectsNegativeEvents() {
        assertThatThrownBy(() -> SparkifyOptions.defaults(-1, 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events must be at least 0, got -1");
    }

    @Test
    void rejectsNoSongs() {
        assertThatThrownBy(() -> SparkifyOptions.defaults(10, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("songs must be at least 1, got 0");
    }

    @Test
    void rejectsNoSongsPerFile() {
        assertThatThrownBy(() -> BASE.withSongsPerFile(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("songsPerFile must be at least 1, got 0");
    }

    @Test
    void rejectsRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> BASE.withDuplicateFileRate(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicateFileRate must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> BASE.withBadLineRate(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("badLineRate must be between 0 and 1, got -0.1");
        assertThatThrownBy(() -> BASE.withBadLineRate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("badLineRate must be between 0 and 1, got NaN");
    }

    @Test
    void acceptsRateBounds() {
        assertThat(BASE.withDuplicateFileRate(0).withBadLineRate(1).badLineRate()).isEqualTo(1.0);
    }

    @Test
    void rejectsNoEventsPerDay() {
        assertThatThrownBy(() -> BASE.withMaxEventsPerDay(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEventsPerDay must be at least 1, got 0");
    }

    @Test
    void rejectsMissingStartDate() {
        assertThatThrownBy(() -> BASE.withStartDate(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("startDate must not be null");
    }
}
