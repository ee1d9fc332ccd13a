package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestSessionScheduler {

    private static final long DAY_START = 1_541_030_400_000L; // 2018-11-01T00:00:00Z

    @Test
    void fillsADayWithExactlyTheEventsAskedInTimeOrder() throws Exception {
        SessionScheduler scheduler = scheduler(1);
        for (int events : new int[] {1, 7, 5_000, 200_000}) {
            List<Event> day = new ArrayList<>();
            scheduler.runDay(DAY_START, events, day::add);

            assertThat(day).hasSize(events);
            for (int i = 0; i < day.size(); i++) {
                assertThat(day.get(i).ts()).isBetween(DAY_START, DAY_START + 86_399_999);
                if (i > 0) {
                    assertThat(day.get(i).ts()).isGreaterThanOrEqualTo(day.get(i - 1).ts());
                }
            }
        }
    }

    @Test
    void neverPlaysForALoggedOutUser() throws Exception {
        List<Event> day = new ArrayList<>();
        scheduler(2).runDay(DAY_START, 20_000, day::add);

        assertThat(day).filteredOn(e -> !e.loggedIn()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.page()).isIn(Page.HOME, Page.LOGIN, Page.ABOUT, Page.HELP));
    }

    private static SessionScheduler scheduler(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MusicNames names = new MusicNames();
        SongCatalog catalogue =
                SongCatalog.generate(100, random.split(), names, new ArtistPlaces(), new MsdIds());
        Jukebox jukebox = new Jukebox(catalogue, OffCatalogSongs.generate(catalogue, random, names));
        UserPool users = UserPool.generate(200, LocalDate.of(2018, 11, 1), random.split());
        return new SessionScheduler(users, new PageMix(), jukebox, random.split());
    }
}
