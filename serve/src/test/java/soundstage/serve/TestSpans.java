package soundstage.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestSpans {
    @Test
    void piecesCoverEveryDayOfTheRangeOnceWithAlignedSpans() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            LocalDate from = LocalDate.of(1900, 1, 1).plusDays(random.nextInt(300 * 365));
            LocalDate to = from.plusDays(random.nextInt(i % 2 == 0 ? 40 : 3_000));
            List<Spans.Piece> pieces = Spans.cover(from, to);
            LocalDate next = from;
            int[] perLength = new int[4];
            for (Spans.Piece piece : pieces) {
                assertThat(piece.first()).as(from + ".." + to).isEqualTo(next);
                assertThat(Math.floorMod(piece.first().toEpochDay(), piece.spanDays())).isZero();
                assertThat(Math.floorMod(piece.last().toEpochDay(), piece.spanDays())).isZero();
                next = piece.last().plusDays(piece.spanDays());
                perLength[List.of(1, 8, 64, 512).indexOf(piece.spanDays())]++;
            }
            assertThat(next).as(from + ".." + to).isEqualTo(to.plusDays(1));
            // At most one run of each length at each end; 512-day spans in one run in the middle.
            assertThat(perLength[0]).isLessThanOrEqualTo(2);
            assertThat(perLength[1]).isLessThanOrEqualTo(2);
            assertThat(perLength[2]).isLessThanOrEqualTo(2);
            assertThat(perLength[3]).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shortRangesAreDaysAndLongOnesMostlySpans() {
        assertThat(Spans.cover(LocalDate.of(2018, 11, 3), LocalDate.of(2018, 11, 6)))
                .containsExactly(new Spans.Piece(1, LocalDate.of(2018, 11, 3), LocalDate.of(2018, 11, 6)));
        // 2018-11-13 starts an 8-day span (epoch day 17,848 = 8 x 2,231).
        assertThat(Spans.cover(LocalDate.of(2018, 11, 12), LocalDate.of(2018, 11, 30))).containsExactly(
                new Spans.Piece(1, LocalDate.of(2018, 11, 12), LocalDate.of(2018, 11, 12)),
                new Spans.Piece(8, LocalDate.of(2018, 11, 13), LocalDate.of(2018, 11, 21)),
                new Spans.Piece(1, LocalDate.of(2018, 11, 29), LocalDate.of(2018, 11, 30)));
        // The dashboard's default range, 1900 to 2199: 213 spans of 512 days in one piece.
        List<Spans.Piece> all = Spans.cover(LocalDate.of(1900, 1, 1), LocalDate.of(2199, 12, 31));
        assertThat(all).filteredOn(piece -> piece.spanDays() == 512).singleElement()
                .satisfies(piece -> assertThat((piece.last().toEpochDay() - piece.first().toEpochDay()) / 512 + 1).isEqualTo(213));
    }
}
