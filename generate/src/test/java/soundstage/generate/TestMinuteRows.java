package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestMinuteRows {

    private static final long MINUTE = 60_000;
    private static final String[] A = {"Artist", "Song A"};
    private static final String[] B = {"Artist", "Song B"};

    private final List<String> rows = new ArrayList<>();
    private final MinuteRows minutes =
            new MinuteRows((minute, names, ms) -> rows.add(minute / MINUTE + " " + String.join("/", names) + " " + ms));

    @Test
    void playsOfOneItemEndingInOneMinuteAreOneRowWithTheirSum() throws IOException {
        minutes.add(10 * MINUTE + 1_000, A, 3_000);
        minutes.add(10 * MINUTE + 5_000, A.clone(), 4_000);
        minutes.add(10 * MINUTE + 59_999, A, 5_000);
        minutes.finish();
        assertThat(rows).containsExactly("10 Artist/Song A 12000");
    }

    @Test
    void theSameItemInTheNextMinuteIsANewRow() throws IOException {
        minutes.add(10 * MINUTE + 59_999, A, 3_000);
        minutes.add(11 * MINUTE, A, 4_000);
        minutes.finish();
        assertThat(rows).containsExactly("10 Artist/Song A 3000", "11 Artist/Song A 4000");
    }

    @Test
    void rowsOfAMinuteComeInTheOrderOfTheirFirstPlay() throws IOException {
        minutes.add(10 * MINUTE + 1_000, B, 1_000);
        minutes.add(10 * MINUTE + 2_000, A, 2_000);
        minutes.add(10 * MINUTE + 3_000, B, 3_000);
        minutes.add(12 * MINUTE, A, 5_000);
        minutes.finish();
        assertThat(rows).containsExactly("10 Artist/Song B 4000", "10 Artist/Song A 2000", "12 Artist/Song A 5000");
    }

    @Test
    void manyItemsInOneMinuteAreKept() throws IOException {
        for (int i = 0; i < 20; i++) {
            minutes.add(MINUTE, new String[] {"Artist", "Song " + i}, i);
        }
        minutes.finish();
        assertThat(rows).hasSize(20).startsWith("1 Artist/Song 0 0").endsWith("1 Artist/Song 19 19");
    }

    @Test
    void noPlaysNoRows() throws IOException {
        minutes.finish();
        assertThat(rows).isEmpty();
    }
}
