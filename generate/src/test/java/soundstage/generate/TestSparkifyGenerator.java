package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes and the consistency of a clean run (no duplicates, no bad lines). */
class TestSparkifyGenerator {

    static final List<String> EVENT_KEYS =
            List.of(
                    "artist", "auth", "firstName", "gender", "itemInSession", "lastName", "length", "level",
                    "location", "method", "page", "registration", "sessionId", "song", "status", "ts",
                    "userAgent", "userId");

    static final List<String> SONG_KEYS =
            List.of(
                    "num_songs", "artist_id", "artist_latitude", "artist_longitude", "artist_location",
                    "artist_name", "song_id", "title", "duration", "year");

    private static final Set<String> LOGGED_OUT_PAGES = Set.of("Home", "Login", "About", "Help");

    @TempDir static Path dir;

    private static GeneratedTree tree;
    private static List<JsonLine> events;
    private static List<JsonLine> songs;

    @BeforeAll
    static void generate() {
        SparkifyOptions options =
                SparkifyOptions.defaults(30_000, 400, 7)
                        .withStartDate(LocalDate.of(2018, 11, 1))
                        .withMaxEventsPerDay(1_000);
        tree = GeneratedTree.generate(dir, options);
        events = tree.events();
        songs = tree.songs();
    }

    @Test
    void summaryCountsWhatIsOnDisk() {
        long bytes = 0;
        for (Path file : GeneratedTree.files(dir)) {
            bytes += GeneratedTree.bytes(file).length;
        }
        assertThat(tree.summary())
                .isEqualTo(new GenerateSummary(400, 30, 0, 400, 30_000, 0, bytes));
        assertThat(events).hasSize(30_000);
        assertThat(songs).hasSize(400);
    }

    @Test
    void dayFilesAreNamedByUtcDateAndFull() {
        List<Path> files = tree.eventFiles();
        assertThat(files).hasSize(30);
        for (int day = 0; day < 30; day++) {
            LocalDate date = LocalDate.of(2018, 11, 1).plusDays(day);
            Path file = files.get(day);
            assertThat(tree.logDir().relativize(file).toString().replace('\\', '/'))
                    .isEqualTo(String.format("2018/11/%s-events.json", date));
            List<String> lines = GeneratedTree.lines(file);
            assertThat(lines).hasSize(1_000);
            for (String line : lines) {
                long ts = Long.parseLong(JsonLine.parse(line).orElseThrow().text("ts"));
                assertThat(Instant.ofEpochMilli(ts).atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(date);
            }
        }
    }

    @Test
    void filesEndWithoutNewline() {
        for (Path file : GeneratedTree.files(dir)) {
            String text = GeneratedTree.read(file);
            assertThat(text).doesNotEndWith("\n").endsWith("}");
        }
    }

    @Test
    void eventKeysComeInThePublicOrder() {
        for (JsonLine event : events) {
            assertThat(List.copyOf(event.fields().keySet())).isEqualTo(EVENT_KEYS);
        }
    }

    @Test
    void eventValuesHaveThePublicTypes() {
        for (JsonLine event : events) {
            assertThat(event.get("userId").token()).isEqualTo(JsonToken.VALUE_STRING);
            assertThat(event.get("ts").token()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(event.get("sessionId").token()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(event.get("itemInSession").token()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(event.get("status").token()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(event.get("level").text()).isIn("free", "paid");
            JsonLine.Value registration = event.get("registration");
            if (!registration.isNull()) {
                assertThat(registration.token()).isEqualTo(JsonToken.VALUE_NUMBER_FLOAT);
                assertThat(registration.text()).matches("1\\.\\d{1,12}E12");
            }
            boolean song = "NextSong".equals(event.text("page"));
            assertThat(event.get("length").isNull()).isEqualTo(!song);
            assertThat(event.get("artist").isNull()).isEqualTo(!song);
            assertThat(event.get("song").isNull()).isEqualTo(!song);
            if (song) {
                assertThat(event.get("length").token()).isEqualTo(JsonToken.VALUE_NUMBER_FLOAT);
                assertThat(event.text("length")).matches("\\d{2,3}\\.\\d{1,5}");
            }
        }
    }

    @Test
    void methodAndStatusFollowThePage() {
        Map<String, String> methods = new TreeMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (JsonLine event : events) {
            methods.put(event.text("page"), event.text("method"));
            statuses.put(event.text("page"), Integer.valueOf(event.text("status")));
        }
        assertThat(methods)
                .containsEntry("NextSong", "PUT")
                .containsEntry("Logout", "PUT")
                .containsEntry("Thumbs Up", "PUT")
                .containsEntry("Thumbs Down", "PUT")
                .containsEntry("Add to Playlist", "PUT")
                .containsEntry("Add Friend", "PUT")
                .containsEntry("Submit Upgrade", "PUT")
                .containsEntry("Home", "GET")
                .containsEntry("About", "GET")
                .containsEntry("Help", "GET")
                .containsEntry("Settings", "GET")
                .containsEntry("Upgrade", "GET")
                .containsEntry("Downgrade", "GET")
                .containsEntry("Error", "GET");
        assertThat(statuses)
                .containsEntry("NextSong", 200)
                .containsEntry("Home", 200)
                .containsEntry("Logout", 307)
                .containsEntry("Submit Upgrade", 307)
                .containsEntry("Error", 404);
    }

    @Test
    void pagesAreMostlyNextSong() {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonLine event : events) {
            counts.merge(event.text("page"), 1, Integer::sum);
        }
        assertThat(counts.get("NextSong") / (double) events.size()).isCloseTo(0.8, within(0.06));
        assertThat(counts.keySet())
                .contains(
                        "Home", "Thumbs Up", "Add to Playlist", "Add Friend", "Roll Advert", "Logout",
                        "Thumbs Down", "Downgrade", "Settings", "Help", "Upgrade", "About", "Save Settings",
                        "Error", "Submit Upgrade", "Submit Downgrade", "Login");
    }

    @Test
    void loggedOutEventsHaveNoUser() {
        int loggedOut = 0;
        for (JsonLine event : events) {
            if (event.text("auth").equals("Logged Out")) {
                loggedOut++;
                assertThat(event.text("userId")).isEmpty();
                for (String key :
                        List.of("firstName", "lastName", "gender", "location", "userAgent", "registration")) {
                    assertThat(event.get(key).isNull()).as(key).isTrue();
                }
                assertThat(event.text("level")).isIn("free", "paid");
                assertThat(event.text("page")).isIn(LOGGED_OUT_PAGES);
            } else {
                assertThat(event.text("auth")).isEqualTo("Logged In");
                assertThat(event.text("userId")).isNotEmpty();
                assertThat(event.text("gender")).isIn("M", "F");
            }
        }
        assertThat(loggedOut).isBetween(events.size() / 100, events.size() / 10);
    }

    @Test
    void sessionsCanStartLoggedOutAndLogIn() {
        Map<String, List<JsonLine>> sessions = sessions();
        long loggedInLater =
                sessions.values().stream()
                        .filter(s -> s.get(0).text("auth").equals("Logged Out"))
                        .filter(s -> s.stream().anyMatch(e -> e.text("page").equals("Login")))
                        .filter(s -> !s.get(s.size() - 1).text("userId").isEmpty())
                        .count();
        assertThat(loggedInLater).isPositive();
    }

    @Test
    void sessionsCountItemsAndTimeUpwardsWithinOneDay() {
        for (List<JsonLine> session : sessions().values()) {
            String day = null;
            for (int i = 0; i < session.size(); i++) {
                JsonLine event = session.get(i);
                assertThat(event.text("itemInSession")).isEqualTo(Integer.toString(i));
                if (i > 0) {
                    long before = Long.parseLong(session.get(i - 1).text("ts"));
                    assertThat(Long.parseLong(event.text("ts"))).isGreaterThan(before);
                }
                String eventDay =
                        Instant.ofEpochMilli(Long.parseLong(event.text("ts"))).toString().substring(0, 10);
                assertThat(day == null || day.equals(eventDay)).isTrue();
                day = eventDay;
            }
        }
    }

    @Test
    void songLengthSetsTheGapToTheNextEvent() {
        int checked = 0;
        for (List<JsonLine> session : sessions().values()) {
            for (int i = 1; i < session.size(); i++) {
                JsonLine before = session.get(i - 1);
                if (before.text("page").equals("NextSong")) {
                    long gap = Long.parseLong(session.get(i).text("ts")) - Long.parseLong(before.text("ts"));
                    assertThat((double) gap).isCloseTo(
                            Double.parseDouble(before.text("length")) * 1000, within(1.0));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void dayFilesAreInTimeOrder() {
        for (Path file : tree.eventFiles()) {
            long previous = Long.MIN_VALUE;
            for (String line : GeneratedTree.lines(file)) {
                long ts = Long.parseLong(JsonLine.parse(line).orElseThrow().text("ts"));
                assertThat(ts).isGreaterThanOrEqualTo(previous);
                previous = ts;
            }
        }
    }

    @Test
    void nextSongOnlyWhenLoggedIn() {
        assertThat(events)
                .filteredOn(e -> e.text("page").equals("NextSong"))
                .allSatisfy(e -> assertThat(e.text("auth")).isEqualTo("Logged In"));
    }

    @Test
    void levelsChangeOnlyAfterSubmitUpgradeOrDowngrade() {
        Map<String, JsonLine> lastByUser = new HashMap<>();
        int upgrades = 0;
        int downgrades = 0;
        for (JsonLine event : events) {
            String user = event.text("userId");
            if (user.isEmpty()) {
                continue;
            }
            JsonLine last = lastByUser.put(user, event);
            if (last == null) {
                continue;
            }
            String expected = last.text("level");
            if (last.text("page").equals("Submit Upgrade")) {
                assertThat(expected).isEqualTo("free");
                expected = "paid";
                upgrades++;
            } else if (last.text("page").equals("Submit Downgrade")) {
                assertThat(expected).isEqualTo("paid");
                expected = "free";
                downgrades++;
            }
            assertThat(event.text("level")).as("user %s at %s", user, event.text("ts"))
                    .isEqualTo(expected);
        }
        assertThat(upgrades).isPositive();
        assertThat(downgrades).isPositive();
    }

    @Test
    void usersHaveStableProfilesAndSkewedActivity() {
        Map<String, String> profileByUser = new HashMap<>();
        Map<String, Integer> eventsByUser = new HashMap<>();
        for (JsonLine event : events) {
            String user = event.text("userId");
            if (user.isEmpty()) {
                continue;
            }
            String profile =
                    String.join("|", event.text("firstName"), event.text("lastName"), event.text("gender"),
                            event.text("location"), event.text("userAgent"), event.text("registration"));
            assertThat(profileByUser.putIfAbsent(user, profile)).isIn(null, profile);
            eventsByUser.merge(user, 1, Integer::sum);
        }
        assertThat(profileByUser).hasSizeLessThanOrEqualTo(UserPool.sizeFor(30_000));
        List<Integer> counts = new ArrayList<>(eventsByUser.values());
        counts.sort(null);
        int busiest = counts.get(counts.size() - 1);
        int median = counts.get(counts.size() / 2);
        assertThat(busiest).isGreaterThan(5 * median);
    }

    @Test
    void userAgentsAreMostlyQuotedAndSlashesEscaped() {
        Set<String> quoted = new HashSet<>();
        Set<String> bare = new HashSet<>();
        for (JsonLine event : events) {
            String agent = event.text("userAgent");
            if (agent != null) {
                (agent.startsWith("\"") && agent.endsWith("\"") ? quoted : bare).add(event.text("userId"));
            }
        }
        double bareShare = bare.size() / (double) (bare.size() + quoted.size());
        assertThat(bareShare).isBetween(0.02, 0.25);
        for (Path file : tree.eventFiles()) {
            String text = GeneratedTree.read(file);
            assertThat(text).contains("\\\"Mozilla\\/5.0 (");
            for (int i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) {
                assertThat(text.charAt(i - 1)).isEqualTo('\\');
            }
        }
    }

    @Test
    void songFilesFollowTheTrackIdLayout() {
        for (Path file : tree.songFiles()) {
            Path relative = tree.songDir().relativize(file);
            String name = relative.getFileName().toString();
            assertThat(name).matches("TR[A-Z0-9]{16}\\.json");
            assertThat(relative.getNameCount()).isEqualTo(4);
            for (int i = 0; i < 3; i++) {
                assertThat(relative.getName(i).toString()).isEqualTo(name.substring(2 + i, 3 + i));
            }
            String text = GeneratedTree.read(file);
            assertThat(text).doesNotContain("\n").startsWith("{\"num_songs\": 1, \"artist_id\": \"AR");
        }
    }

    @Test
    void songsHaveThePublicKeysTypesAndGaps() {
        int unknownYear = 0;
        int noCoordinates = 0;
        int noLocation = 0;
        for (JsonLine song : songs) {
            assertThat(List.copyOf(song.fields().keySet())).isEqualTo(SONG_KEYS);
            assertThat(song.text("artist_id")).matches("AR[A-Z0-9]{16}");
            assertThat(song.text("song_id")).matches("SO[A-Z0-9]{16}");
            assertThat(song.get("duration").token()).isEqualTo(JsonToken.VALUE_NUMBER_FLOAT);
            assertThat(song.text("duration")).matches("\\d{2,3}\\.\\d{1,5}");
            assertThat(Double.parseDouble(song.text("duration"))).isBetween(60.0, 600.0);
            int year = Integer.parseInt(song.text("year"));
            if (year == 0) {
                unknownYear++;
            } else {
                assertThat(year).isBetween(1950, 2010);
            }
            assertThat(song.get("artist_latitude").isNull())
                    .isEqualTo(song.get("artist_longitude").isNull());
            if (song.get("artist_latitude").isNull()) {
                noCoordinates++;
            } else {
                assertThat(Double.parseDouble(song.text("artist_latitude"))).isBetween(-90.0, 90.0);
                assertThat(Double.parseDouble(song.text("artist_longitude"))).isBetween(-180.0, 180.0);
            }
            if (song.text("artist_location").isEmpty()) {
                noLocation++;
            }
        }
        assertThat(unknownYear / (double) songs.size()).isCloseTo(0.4, within(0.08));
        assertThat(noCoordinates / (double) songs.size()).isCloseTo(0.6, within(0.1));
        assertThat(noLocation / (double) songs.size()).isCloseTo(0.4, within(0.1));
    }

    @Test
    void artistsHaveSeveralSongs() {
        Map<String, Integer> songsByArtist = new HashMap<>();
        for (JsonLine song : songs) {
            songsByArtist.merge(song.text("artist_id"), 1, Integer::sum);
        }
        assertThat(songsByArtist.values()).allSatisfy(n -> assertThat(n).isBetween(1, 10));
        assertThat(songsByArtist.values()).contains(1).anyMatch(n -> n >= 5);
    }

    @Test
    void catalogueSongsAreUniqueByTitleAndArtist() {
        Set<String> pairs = new HashSet<>();
        for (JsonLine song : songs) {
            String pair =
                    GeneratedTree.unGarbled(song.text("title"))
                            + "\u0000"
                            + GeneratedTree.unGarbled(song.text("artist_name"));
            assertThat(pairs.add(pair)).as(pair).isTrue();
        }
    }

    @Test
    void cataloguePlaysCarryTheSongFilesExactNamesAndDuration() {
        CataloguePlays plays = CataloguePlays.match(songs, events);

        assertThat(plays.matched() / (double) plays.plays())
                .isCloseTo(Jukebox.CATALOGUE_SHARE, within(0.03));
        assertThat(plays.exact()).isGreaterThan(plays.matched() * 9 / 10);
    }

    @Test
    void popularSongsArePlayedFarMoreThanMost() {
        Map<String, Integer> playsBySong = new HashMap<>();
        for (JsonLine event : events) {
            if (event.text("page").equals("NextSong")) {
                playsBySong.merge(event.text("song") + "\u0000" + event.text("artist"), 1, Integer::sum);
            }
        }
        List<Integer> counts = new ArrayList<>(playsBySong.values());
        counts.sort(null);
        assertThat(counts.get(counts.size() - 1)).isGreaterThan(20 * counts.get(counts.size() / 2));
    }

    private static Map<String, List<JsonLine>> sessions() {
        Map<String, List<JsonLine>> sessions = new TreeMap<>();
        for (JsonLine event : events) {
            sessions.computeIfAbsent(event.text("sessionId"), id -> new ArrayList<>()).add(event);
        }
        return sessions;
    }
}
