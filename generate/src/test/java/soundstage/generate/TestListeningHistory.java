package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestListeningHistory {

    private static final long LAST_DAY = LocalDate.of(2025, 1, 20).toEpochDay();
    private static final int PLAYS = 20_000;

    private static ListeningHistory history;
    private static HistoryPlan plan;
    private static List<SpotifyPlay> plays;

    @BeforeAll
    static void generate() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        MusicNames names = new MusicNames();
        SpotifyCatalogue catalogue = SpotifyCatalogue.generate(random.split(), names, new SpotifyIds());
        List<SpotifyCountry> countries = SpotifyCountry.load();
        SpotifyListener listener = SpotifyListener.generate(1, random, names, countries, new HashSet<>());
        ListeningHabits habits =
                ListeningHabits.generate(listener, LAST_DAY - 200, catalogue, SpotifyDevice.load(), countries, random);
        history = new ListeningHistory(listener, habits, catalogue, new ZipfSampler(catalogue.artists(), 1.0), PLAYS);
        plan = history.plan(LAST_DAY, PLAYS);
        plays = replay(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static List<SpotifyPlay> replay(long from, long to) throws IOException {
        List<SpotifyPlay> plays = new ArrayList<>();
        history.replay(plan, from, to, plays::add);
        return plays;
    }

    @Test
    void theHistoryHoldsExactlyThePlaysAsked() {
        assertThat(plays).hasSize(PLAYS);
        assertThat(plan.plays()).isEqualTo(PLAYS);
        assertThat(plan.lastDay()).isEqualTo(LAST_DAY);
    }

    @Test
    void itSpansAboutADayPer35Plays() {
        assertThat((double) (plan.lastDay() - plan.firstDay() + 1)).isCloseTo(PLAYS / 35.0, within(PLAYS / 35.0 * 0.15));
    }

    @Test
    void playsAreInTimeOrderEachStartingAfterThePreviousEnded() {
        long previousEnd = Long.MIN_VALUE;
        for (SpotifyPlay play : plays) {
            assertThat(play.msPlayed()).isNotNegative();
            assertThat(play.endMillis() - play.msPlayed()).isGreaterThanOrEqualTo(previousEnd);
            previousEnd = play.endMillis();
        }
    }

    @Test
    void playsEndWithinTheirListeningDays() {
        assertThat(plays.get(0).endMillis()).isGreaterThanOrEqualTo(history.dayStart(plan.firstDay()));
        assertThat(plays.get(plays.size() - 1).endMillis()).isLessThan(history.dayStart(plan.lastDay() + 1));
    }

    @Test
    void aWindowReplaysThePlaysOfTheWholeHistoryThatEndInIt() throws IOException {
        long from = plays.get(PLAYS / 3).endMillis();
        long to = plays.get(PLAYS / 2).endMillis();
        assertThat(replay(from, to)).isEqualTo(plays.subList(PLAYS / 3, PLAYS / 2));
        long firstEnd = plays.get(0).endMillis();
        assertThat(replay(Long.MIN_VALUE, firstEnd + 1)).containsExactly(plays.get(0));
    }

    @Test
    void replayingGivesTheSamePlaysAgain() throws IOException {
        assertThat(replay(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(plays);
    }

    @Test
    void skipBurstsRestartOneTrackSeveralTimesWithinAMinute() {
        Map<String, Integer> playsPerTrackAndMinute = new HashMap<>();
        for (SpotifyPlay play : plays) {
            if (play.is(SpotifyItem.Kind.TRACK)) {
                playsPerTrackAndMinute.merge(play.item().uri() + " " + play.endMillis() / 60_000, 1, Integer::sum);
            }
        }
        assertThat(playsPerTrackAndMinute.values().stream().filter(n -> n >= 3).count()).isGreaterThan(10);
    }

    @Test
    void everyKindIsPlayedAndChaptersOnlySinceAudiobooksCameToSpotify() {
        long since = ListeningHistory.AUDIOBOOKS_SINCE.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        for (SpotifyItem.Kind kind : SpotifyItem.Kind.values()) {
            assertThat(plays).as("plays of %s", kind).anyMatch(play -> play.is(kind));
        }
        assertThat(plays).anyMatch(play -> play.item() == null);
        assertThat(plays).filteredOn(play -> play.is(SpotifyItem.Kind.CHAPTER))
                .allMatch(play -> play.endMillis() >= since);
        assertThat(plays).filteredOn(play -> play.endMillis() < since).anyMatch(play -> play.is(SpotifyItem.Kind.TRACK));
    }

    @Test
    void musicDominatesAndSkipsAreCommon() {
        long tracks = plays.stream().filter(play -> play.is(SpotifyItem.Kind.TRACK)).count();
        long skipped = plays.stream().filter(SpotifyPlay::skipped).count();
        assertThat(tracks).isGreaterThan(PLAYS * 9L / 10);
        assertThat(skipped).isBetween(PLAYS / 10L, PLAYS / 3L);
        assertThat(plays).anyMatch(SpotifyPlay::offline).anyMatch(SpotifyPlay::incognito).anyMatch(SpotifyPlay::shuffle)
                .anyMatch(play -> play.offlineTimestampMillis() == 0);
    }
}
