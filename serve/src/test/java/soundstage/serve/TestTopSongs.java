package soundstage.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The threshold algorithm of {@link TopSongs} against every song's total, on random pieces. */
class TestTopSongs {
    @Test
    void winnersAreTheSongsThatReachTheLimitThBestOrNothing() {
        Random random = new Random(5);
        int sure = 0;
        int unsure = 0;
        for (int round = 0; round < 3000; round++) {
            int songs = 1 + random.nextInt(60);
            int depth = 1 + random.nextInt(12);
            int limit = 1 + random.nextInt(8);
            Map<Long, Long> totals = new HashMap<>();
            Map<TopSongs.Unit, List<TopSongs.Top>> tops = new HashMap<>();
            int pieces = random.nextInt(6);
            for (int piece = 0; piece < pieces; piece++) {
                // A long tail: a few songs with many plays, most with few; some pieces hold few songs.
                Map<Long, Long> plays = new HashMap<>();
                int count = random.nextInt(random.nextBoolean() ? depth + 2 : songs + 1);
                for (int i = 0; i < count; i++) {
                    long song = (long) Math.floor(songs * Math.pow(random.nextDouble(), 2));
                    plays.merge(song, 1L + (random.nextInt(4) == 0 ? random.nextInt(30) : random.nextInt(3)), Long::sum);
                }
                List<Map.Entry<Long, Long>> ranked = new ArrayList<>(plays.entrySet());
                ranked.sort(Comparator.comparingLong((Map.Entry<Long, Long> e) -> -e.getValue()).thenComparingLong(Map.Entry::getKey));
                for (int rank = 1; rank <= ranked.size(); rank++) {
                    Map.Entry<Long, Long> song = ranked.get(rank - 1);
                    totals.merge(song.getKey(), song.getValue(), Long::sum);
                    if (rank <= depth + 1) {
                        tops.computeIfAbsent(unit(piece), key -> new ArrayList<>()).add(top(song.getKey(), song.getValue(), rank));
                    }
                }
            }
            Optional<List<Long>> winners = TopSongs.winners(tops, limit, depth);
            if (winners.isEmpty()) {
                unsure++;
                continue;
            }
            List<Long> best = totals.values().stream().sorted(Comparator.reverseOrder()).toList();
            long cut = best.size() < limit ? 0 : best.get(limit - 1);
            Set<Long> expected = new HashSet<>();
            totals.forEach((song, total) -> {
                if (total >= cut) {
                    expected.add(song);
                }
            });
            assertThat(new HashSet<>(winners.get())).as("round " + round).isEqualTo(expected);
            // Their totals are complete in the tops: the answer's plays are their rows' sum there.
            for (long song : winners.get()) {
                long inTops = tops.values().stream().flatMap(List::stream).filter(top -> top.songKey() == song && top.rank() <= depth).mapToLong(TopSongs.Top::plays).sum();
                assertThat(inTops).as("round " + round + ", song " + song).isEqualTo(totals.get(song));
            }
            sure++;
        }
        assertThat(sure).as("answered from the tops").isGreaterThan(500);
        assertThat(unsure).as("left to the exact query").isGreaterThan(100);
    }

    @Test
    void noPiecesMeansNoSongsAndAPieceWithFewSongsIsExact() {
        assertThat(TopSongs.winners(Map.of(), 10, 50)).contains(List.of());
        assertThat(TopSongs.winners(Map.of(unit(0), List.of()), 10, 50)).contains(List.of());
        Map<TopSongs.Unit, List<TopSongs.Top>> few = Map.of(unit(0), List.of(top(7, 5, 1), top(3, 2, 2)));
        assertThat(TopSongs.winners(few, 10, 50)).contains(List.of(7L, 3L));
        // The same two songs, but the piece has a third (its 3rd, the threshold, has 2 plays): song 3 might be tied by it.
        Map<TopSongs.Unit, List<TopSongs.Top>> more = Map.of(unit(0), List.of(top(7, 5, 1), top(3, 2, 2), top(9, 2, 3)));
        assertThat(TopSongs.winners(more, 2, 2)).isEmpty();
        assertThat(TopSongs.winners(more, 1, 2)).contains(List.of(7L));
    }

    @Test
    void hoursAreRoundedAsTheSqlFunctionRoundsThem() {
        assertThat(TopSongs.hours(0)).isEqualTo(0.0);
        assertThat(TopSongs.hours(17_999)).isEqualTo(0.0);
        assertThat(TopSongs.hours(18_000)).isEqualTo(0.01);   // half up
        assertThat(TopSongs.hours(3_600_000)).isEqualTo(1.0);
        assertThat(TopSongs.hours(5_418_000)).isEqualTo(1.51);
    }

    private static TopSongs.Unit unit(int piece) {
        return new TopSongs.Unit(1, java.time.LocalDate.of(2018, 11, 1).plusDays(piece), "sparkify");
    }

    private static TopSongs.Top top(long song, long plays, int rank) {
        return new TopSongs.Top(song, "title " + song, "artist", plays, plays * 1000, rank);
    }
}
