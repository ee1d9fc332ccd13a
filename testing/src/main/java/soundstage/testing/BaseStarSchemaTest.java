package soundstage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import soundstage.core.CheckResult;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.Progress;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.transform.CheckRunner;
import soundstage.transform.Model;
import soundstage.transform.ModelGraph;
import soundstage.transform.ModelRunner;
import soundstage.transform.Pipeline;
import soundstage.transform.RunLog;

/**
 * The one star schema of both sources, on every warehouse dialect: Spotify plays as songplays
 * with their users, songs, artists, albums and episodes, row by row; Sparkify's keys as they
 * were; keys that do not depend on the order of ingesting; the listening dashboards' numbers for
 * a small hand-made history; and the checks that guard the Spotify keys. A dialect module extends
 * this class and says how to make a new, empty warehouse.
 */
public abstract class BaseStarSchemaTest {
    @TempDir
    protected Path dir;
    private final List<Warehouse> opened = new ArrayList<>();

    /** The address of a new, empty warehouse of the dialect under test (which may live in {@code dir}). */
    protected abstract String newWarehouse(Path dir) throws Exception;

    @AfterEach
    void closeAll() {
        opened.forEach(Warehouse::close);
    }

    private Warehouse fresh() throws Exception {
        Warehouse created = WarehouseFactory.openAny(newWarehouse(Files.createTempDirectory(dir, "warehouse")));
        opened.add(created);
        return created;
    }

    // --- The Spotify fixtures, row by row ---------------------------------------------------------

    private static final String ALICE = "-771053846";
    private static final String BOB = "-1526897748";
    private static final String ABBA = "spotify:artist-name:1002203874208999848";
    private static final String WATERLOO = "spotify:track-name:851055249489744596";
    private static final String WATERLOO_ALBUM = "spotify:album-name:97943579017830600";
    private static final String THE_DAILY_MONDAY = "spotify:episode-name:520275314025772137";

    /** alice's exports and bob's newest-format history (see {@link SpotifyFixtures}), ingested and run. */
    private Warehouse spotifyFixtures(Warehouse warehouse) throws SQLException {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("spotify"));
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("alice")), Progress.NONE);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("bob")), IngestOptions.DEFAULTS.withListener("bob"), Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        return warehouse;
    }

    @Test
    void everySpotifyPlayIsOneSongplayWithItsKeys() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        // Central holds 7 plays: the two Waterloo plays and the podcast play replaced their 12-month records.
        assertThat(rows(warehouse, "SELECT songplay_id, start_time, user_id, song_id, artist_id, episode_id, song_title, artist_name, content_type, "
                + "ms_played FROM analytics.songplays")).containsExactly(
                "-25490724898647642 | 2020-03-12T01:20:16 | " + ALICE + " | " + WATERLOO + " | " + ABBA + " | ∅ | Waterloo | ABBA | music | 2000",
                "-25951147652873067 | 2020-03-12T01:22 | " + ALICE + " | spotify:track-name:588146784533807486 | " + ABBA + " | ∅ | SOS | ABBA | music | 180000",
                "-307886354104395666 | 2020-03-12T01:20:45 | " + ALICE + " | " + WATERLOO + " | " + ABBA + " | ∅ | Waterloo | ABBA | music | 3000",
                "-324410938443420641 | 2024-05-01T10:59 | " + BOB + " | ∅ | ∅ | spotify:chapter:0D5wENdkdwbqlrHoaJ9g29 | ∅ | ∅ | audiobook | 60000",
                "-696758296026808558 | 2020-03-12T01:50:40 | " + ALICE + " | ∅ | ∅ | " + THE_DAILY_MONDAY + " | ∅ | ∅ | podcast | 590000",
                "-748239228122984618 | 2020-12-31T23:59:55 | " + ALICE + " | spotify:track-name:132899309586547363 | spotify:artist-name:565963655640810875 "
                        + "| ∅ | Jóga | Björk | music | 305000",
                "-854267962749038399 | 2024-05-01T09:56:40 | " + BOB + " | spotify:track:1pKYYY0dkg23sQQXi0Q5zN | spotify:artist-name:643500221961688196 "
                        + "| ∅ | Around the World | Daft Punk | music | 200000");
        // The play's details, as central has them; skipped is false where an extended record leaves it NULL, NULL in 12-month records.
        assertThat(rows(warehouse, "SELECT songplay_id, source, platform, conn_country, reason_start, reason_end, shuffle, skipped, offline, incognito "
                + "FROM analytics.songplays")).containsExactly(
                "-25490724898647642 | spotify | Android OS 9 API 28 (samsung, SM-G960F) | SE | trackdone | fwdbtn | false | true | true | false",
                "-25951147652873067 | spotify | ∅ | ∅ | ∅ | ∅ | ∅ | ∅ | ∅ | ∅",
                "-307886354104395666 | spotify | Android OS 9 API 28 (samsung, SM-G960F) | SE | fwdbtn | trackdone | false | false | false | false",
                "-324410938443420641 | spotify | web_player linux | DE | clickrow | endplay | false | false | false | true",
                "-696758296026808558 | spotify | iOS 13.3 (iPhone11,2) | SE | clickrow | endplay | false | false | false | false",
                "-748239228122984618 | spotify | ∅ | ∅ | ∅ | ∅ | ∅ | ∅ | ∅ | ∅",
                "-854267962749038399 | spotify | web_player linux | DE | clickrow | trackdone | true | false | false | false");
        // Sparkify's columns say nothing of a Spotify play.
        assertThat(rows(warehouse, "SELECT count(*) FROM analytics.songplays WHERE level IS NULL AND session_id IS NULL AND location IS NULL "
                + "AND user_agent IS NULL AND length IS NULL AND file_id IS NULL AND line_no IS NULL")).containsExactly("7");
        assertThat(rows(warehouse, "SELECT * FROM analytics.time WHERE start_time < TIMESTAMP '2020-03-13 00:00:00'")).containsExactly(
                "2020-03-12T01:20:16 | 1 | 12 | 11 | 3 | 2020 | 3",
                "2020-03-12T01:20:45 | 1 | 12 | 11 | 3 | 2020 | 3",
                "2020-03-12T01:22 | 1 | 12 | 11 | 3 | 2020 | 3",
                "2020-03-12T01:50:40 | 1 | 12 | 11 | 3 | 2020 | 3");
        assertThat(rows(warehouse, "SELECT count(*) FROM analytics.time")).containsExactly("7");
    }

    @Test
    void spotifyDimensionsHoldEveryUserSongArtistAlbumAndEpisodeOnce() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        assertThat(rows(warehouse, "SELECT * FROM analytics.users")).containsExactly(
                BOB + " | ∅ | ∅ | ∅ | ∅ | bob | spotify",
                ALICE + " | ∅ | ∅ | ∅ | ∅ | alice | spotify");
        // A track URI where the plays have one; else derived from artist, track and album (a 12-month
        // record names no album, so SOS and Jóga have none).
        assertThat(rows(warehouse, "SELECT * FROM analytics.songs")).containsExactly(
                "spotify:track-name:132899309586547363 | Jóga | spotify:artist-name:565963655640810875 | ∅ | ∅ | ∅",
                "spotify:track-name:588146784533807486 | SOS | " + ABBA + " | ∅ | ∅ | ∅",
                WATERLOO + " | Waterloo | " + ABBA + " | ∅ | ∅ | " + WATERLOO_ALBUM,
                "spotify:track:1pKYYY0dkg23sQQXi0Q5zN | Around the World | spotify:artist-name:643500221961688196 | ∅ | ∅ | spotify:album-name:160520234835214904");
        assertThat(rows(warehouse, "SELECT * FROM analytics.artists")).containsExactly(
                ABBA + " | ABBA | ∅ | ∅ | ∅",
                "spotify:artist-name:565963655640810875 | Björk | ∅ | ∅ | ∅",
                "spotify:artist-name:643500221961688196 | Daft Punk | ∅ | ∅ | ∅");
        assertThat(rows(warehouse, "SELECT * FROM analytics.albums")).containsExactly(
                "spotify:album-name:160520234835214904 | Homework | spotify:artist-name:643500221961688196",
                WATERLOO_ALBUM + " | Waterloo | " + ABBA);
        assertThat(rows(warehouse, "SELECT * FROM analytics.episodes")).containsExactly(
                "spotify:chapter:0D5wENdkdwbqlrHoaJ9g29 | audiobook | Chapter 1 | Dune | ∅ | spotify:chapter:0D5wENdkdwbqlrHoaJ9g29 | spotify:audiobook:7iHfbu1YPACw6oZPAFJtqe",
                THE_DAILY_MONDAY + " | podcast | Monday | The Daily | ∅ | ∅ | ∅");
    }

    @Test
    void derivedKeysFollowTheirRules() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        assertThat(rows(warehouse, "SELECT CAST(-1 - (meta.id_of('alice') % 2147483647) AS INTEGER), "
                + "'spotify:artist-name:' || CAST(meta.id_of('ABBA') AS VARCHAR), "
                + "'spotify:track-name:' || CAST(meta.id_of('ABBA' || chr(31) || 'Waterloo' || chr(31) || 'Waterloo') AS VARCHAR), "
                + "'spotify:album-name:' || CAST(meta.id_of('ABBA' || chr(31) || 'Waterloo') AS VARCHAR), "
                + "'spotify:episode-name:' || CAST(meta.id_of('The Daily' || chr(31) || 'Monday') AS VARCHAR)"))
                .containsExactly(String.join(" | ", ALICE, ABBA, WATERLOO, WATERLOO_ALBUM, THE_DAILY_MONDAY));
        // A play without an album (a 12-month record) takes chr(30) for it.
        assertThat(rows(warehouse, "SELECT count(*) FROM analytics.songs WHERE song_id = 'spotify:track-name:' "
                + "|| CAST(meta.id_of('ABBA' || chr(31) || 'SOS' || chr(31) || chr(30)) AS VARCHAR)")).containsExactly("1");
        // songplay_id is minus the stream_id of the central play.
        assertThat(rows(warehouse, "SELECT count(*) FROM analytics.songplays p JOIN central.spotify_streams s ON -s.stream_id = p.songplay_id"))
                .containsExactly("7");
    }

    @Test
    void spotifyKeysDoNotDependOnTheOrderOfIngesting() throws Exception {
        Warehouse first = spotifyFixtures(fresh());
        Warehouse second = fresh();
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("again"));
        second.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("bob")), IngestOptions.DEFAULTS.withListener("bob"), Progress.NONE);
        new Pipeline(second).run();
        second.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("alice/extended")), Progress.NONE);
        second.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("alice/my_spotify_data.zip")), Progress.NONE);
        new Pipeline(second).run();
        for (String table : List.of("songplays", "users", "songs", "artists", "albums", "episodes", "time")) {
            assertThat(rows(second, "SELECT * FROM analytics." + table)).as(table).isEqualTo(rows(first, "SELECT * FROM analytics." + table));
        }
    }

    // --- Sparkify's keys stay as they were --------------------------------------------------------

    private static void sparkifyFixtures(Warehouse warehouse, Path fixtures) throws SQLException {
        List<Path> songs = SparkifyFixtures.FILES.stream().filter(f -> f.startsWith("song_data/")).sorted().map(fixtures::resolve).toList();
        List<Path> events = SparkifyFixtures.FILES.stream().filter(f -> f.startsWith("log_data/")).sorted().map(fixtures::resolve).toList();
        warehouse.ingest(FileKind.SPARKIFY_SONGS, songs, Progress.NONE);
        warehouse.ingest(FileKind.SPARKIFY_EVENTS, events, Progress.NONE);
    }

    @Test
    void sparkifyKeysAndRowsAreTheSameWithSpotifyPlaysBesideThem() throws Exception {
        Path fixtures = SparkifyFixtures.copyTo(dir.resolve("sparkify"));
        Warehouse alone = fresh();
        sparkifyFixtures(alone, fixtures);
        new Pipeline(alone).run();
        Warehouse both = fresh();
        sparkifyFixtures(both, fixtures);
        spotifyFixtures(both);

        assertThat(rows(both, "SELECT songplay_id, user_id, song_id, artist_id, level, session_id, length, ms_played, content_type FROM analytics.songplays "
                + "WHERE source = 'sparkify'")).containsExactly(
                "3000000002 | 8 | SOMZWCG12A8C13C480 | ARD7TVE1187B99BFB1 | free | 52 | 218.93179 | 218932 | music",
                "3000000003 | 8 | SOJOGAA12A8C13C480 | ARBJORK1187B98C9F8 | free | 52 | 305.7024 | 305702 | music",
                "3000000006 | 8 | ∅ | ∅ | paid | 52 | 246.30812 | 246308 | music",
                "3000000007 | 26 | SOJOGAA12A8C13C480 | ARBJORK1187B98C9F8 | free | 169 | 305.7024 | 305702 | music");
        assertThat(rows(both, "SELECT * FROM analytics.users WHERE source = 'sparkify'")).containsExactly(
                "26 | Ryan | Smith | M | free | ∅ | sparkify",
                "8 | Kaylee | Summers | F | paid | ∅ | sparkify");
        for (String query : List.of(
                "SELECT * FROM analytics.songplays WHERE source = 'sparkify'",
                "SELECT * FROM analytics.users WHERE source = 'sparkify'",
                "SELECT * FROM analytics.songs WHERE song_id LIKE 'SO%'",
                "SELECT * FROM analytics.artists WHERE artist_id LIKE 'AR%'",
                "SELECT * FROM analytics.time WHERE start_time < TIMESTAMP '2019-01-01 00:00:00'")) {
            assertThat(rows(both, query)).as(query).isEqualTo(rows(alone, query)).isNotEmpty();
        }
        // The keys of the two sources never meet.
        assertThat(rows(both, "SELECT source, min(songplay_id) > 0, max(songplay_id) <= 0, min(user_id) > 0, max(user_id) < 0 "
                + "FROM analytics.songplays GROUP BY source")).containsExactly("sparkify | true | false | true | false", "spotify | false | true | false | true");
    }

    // --- The listening dashboards, for a small hand-made history -----------------------------------

    private static final String HEY_JUDE = "spotify:track:AAA";
    private static final String YESTERDAY = "spotify:track:BBB";

    private static Map<String, Object> play(String user, String ts, long ms, String platform, boolean skipped) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("ts", ts);
        record.put("username", user);
        record.put("platform", platform);
        record.put("ms_played", ms);
        record.put("conn_country", "GB");
        record.put("reason_start", "clickrow");
        record.put("reason_end", skipped ? "fwdbtn" : "trackdone");
        record.put("shuffle", false);
        record.put("skipped", skipped);
        record.put("offline", false);
        record.put("incognito_mode", false);
        return record;
    }

    private static Map<String, Object> track(String user, String ts, long ms, String platform, boolean skipped, String track, String uri) {
        Map<String, Object> record = play(user, ts, ms, platform, skipped);
        record.put("master_metadata_track_name", track);
        record.put("master_metadata_album_artist_name", "The Beatles");
        record.put("master_metadata_album_album_name", "1");
        record.put("spotify_track_uri", uri);
        return record;
    }

    private static String json(List<Map<String, Object>> records) {
        List<String> objects = new ArrayList<>();
        for (Map<String, Object> record : records) {
            List<String> fields = new ArrayList<>();
            record.forEach((key, value) -> fields.add("\"" + key + "\":" + (value instanceof String text ? "\"" + text + "\"" : String.valueOf(value))));
            objects.add("{" + String.join(",", fields) + "}");
        }
        return "[" + String.join(",\n", objects) + "]";
    }

    /**
     * carol: Hey Jude and a skipped Yesterday on a Monday morning (iOS), Hey Jude again on Wednesday
     * (Windows), an hour of a podcast on Thursday (a speaker), then the next Monday a skipped Let It
     * Be (the web player on a Mac; no URI) and Yesterday again (Android). dan: Hey Jude on the first
     * Monday (Android). Times are the ends of the plays.
     */
    private Warehouse listeningHistory() throws Exception {
        Map<String, Object> podcast = play("carol", "2024-02-01T21:00:00Z", 3_600_000, "Partner sonos_one", false);
        podcast.put("episode_name", "Episode 1");
        podcast.put("episode_show_name", "Talk");
        podcast.put("spotify_episode_uri", "spotify:episode:EEE");
        Path carol = dir.resolve("carol/Streaming_History_Audio_2024_0.json");
        Files.createDirectories(carol.getParent());
        Files.writeString(carol, json(List.of(
                track("carol", "2024-01-29T08:10:00Z", 180_000, "iOS 17.2.1 (iPhone15,3)", false, "Hey Jude", HEY_JUDE),
                track("carol", "2024-01-29T08:14:00Z", 30_000, "iOS 17.2.1 (iPhone15,3)", true, "Yesterday", YESTERDAY),
                track("carol", "2024-01-31T20:05:00Z", 180_000, "Windows 10 (10.0.22621; x64)", false, "Hey Jude", HEY_JUDE),
                podcast,
                track("carol", "2024-02-05T07:30:00Z", 240_000, "web_player osx 10.15.7;safari 16.1;desktop", true, "Let It Be", null),
                track("carol", "2024-02-05T07:40:00Z", 120_000, "Android OS 13 API 33 (samsung, SM-S911B)", false, "Yesterday", YESTERDAY))));
        Path dan = dir.resolve("dan/Streaming_History_Audio_2024_0.json");
        Files.createDirectories(dan.getParent());
        Files.writeString(dan, json(List.of(track("dan", "2024-01-29T09:00:00Z", 200_000, "Android OS 12 API 31 (Google, Pixel 6)", false, "Hey Jude", HEY_JUDE))));
        Warehouse warehouse = fresh();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(carol, dan), Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        return warehouse;
    }

    @Test
    void listeningDashboardsAddUpTheHandMadeHistory() throws Exception {
        Warehouse warehouse = listeningHistory();
        assertThat(rows(warehouse, "SELECT * FROM dashboard.listening_by_day")).containsExactly(
                "2024-01-29 | 3 | 2 | 410000 | 0.11",
                "2024-01-31 | 1 | 1 | 180000 | 0.05",
                "2024-02-01 | 1 | 1 | 3600000 | 1",   // the podcast started at 20:00
                "2024-02-05 | 2 | 1 | 360000 | 0.1");
        assertThat(rows(warehouse, "SELECT * FROM dashboard.listening_by_week")).containsExactly(
                "2024-01-29 | 5 | 2 | 4190000 | 1.16",
                "2024-02-05 | 2 | 1 | 360000 | 0.1");
        assertThat(rows(warehouse, "SELECT * FROM dashboard.busiest_hours")).containsExactly(
                "0 | Monday | 7 | 2 | 360000 | 0.1",
                "0 | Monday | 8 | 3 | 410000 | 0.11",   // dan's play ended at 9:00, started at 8:56:40
                "2 | Wednesday | 20 | 1 | 180000 | 0.05",
                "3 | Thursday | 20 | 1 | 3600000 | 1");
        String letItBe = rows(warehouse, "SELECT song_id FROM analytics.songs WHERE title = 'Let It Be'").get(0);
        assertThat(letItBe).startsWith("spotify:track-name:");
        assertThat(rows(warehouse, "SELECT * FROM dashboard.top_songs")).containsExactly(
                "Hey Jude | The Beatles | " + HEY_JUDE + " | 3 | 2 | 560000 | 0.16",
                "Let It Be | The Beatles | " + letItBe + " | 1 | 1 | 240000 | 0.07",
                "Yesterday | The Beatles | " + YESTERDAY + " | 2 | 1 | 150000 | 0.04");
        String beatles = rows(warehouse, "SELECT artist_id FROM analytics.artists").get(0);
        assertThat(rows(warehouse, "SELECT * FROM dashboard.top_artists")).containsExactly("The Beatles | " + beatles + " | 6 | 2 | 3 | 950000 | 0.26");
    }

    @Test
    void skipRateFirstPlaysAndPlatformShareOfTheHandMadeHistory() throws Exception {
        Warehouse warehouse = listeningHistory();
        assertThat(rows(warehouse, "SELECT * FROM dashboard.skip_rate_by_month")).containsExactly(
                "2024-01-01 | 4 | 4 | 1 | 0.25",
                "2024-02-01 | 3 | 3 | 1 | 0.333");
        // January: carol's Hey Jude and Yesterday and dan's Hey Jude are first plays, carol's second Hey Jude is not.
        // February: Let It Be is new, Yesterday is not; the podcast is no song.
        assertThat(rows(warehouse, "SELECT * FROM dashboard.first_plays_by_month")).containsExactly(
                "2024-01-01 | spotify | 4 | 2 | 3 | 0.75",
                "2024-02-01 | spotify | 2 | 1 | 1 | 0.5");
        assertThat(rows(warehouse, "SELECT * FROM dashboard.platform_share")).containsExactly(
                "Android | 2 | 2 | 320000 | 0.09 | 0.07",
                "Speaker or TV | 1 | 1 | 3600000 | 1 | 0.791",
                "Windows | 1 | 1 | 180000 | 0.05 | 0.04",
                "iOS | 2 | 1 | 210000 | 0.06 | 0.046",
                "macOS | 1 | 1 | 240000 | 0.07 | 0.053");
        assertThat(rows(warehouse, "SELECT * FROM dashboard.plays_by_segment")).containsExactly(
                "gender | unknown | 7 | 2", "level | unknown | 7 | 2", "location | unknown | 7 | 2");
        assertThat(rows(warehouse, "SELECT count(*) FROM dashboard.daily_activity")).containsExactly("0");
    }

    // --- The checks that guard the Spotify keys ---------------------------------------------------

    private static CheckResult check(Warehouse warehouse, String name) throws SQLException {
        return new CheckRunner(warehouse.connection(), warehouse.dialect()).run(0).stream()
                .filter(result -> result.name().equals(name)).findFirst().orElseThrow();
    }

    private static void execute(Warehouse warehouse, String sql) throws SQLException {
        try (Statement statement = warehouse.connection().createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void twoListenersWithOneUserIdFailTheirCheck() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        assertThat(check(warehouse, "spotify_user_ids_distinct").detail()).isEqualTo("0 user_ids shared, of 2 listeners");
        execute(warehouse, "INSERT INTO analytics.users VALUES (" + ALICE + ", NULL, NULL, NULL, NULL, 'mallory', 'spotify')");
        CheckResult result = check(warehouse, "spotify_user_ids_distinct");
        assertThat(result.failures()).isEqualTo(2);
        assertThat(result.blocking()).isTrue();
        assertThat(result.detail()).isEqualTo("1 user_ids shared, of 3 listeners (user_id " + ALICE + ": alice and mallory)");
    }

    @Test
    void aListenersRowGivenTwiceIsSaidAsSuch() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        execute(warehouse, "INSERT INTO analytics.users SELECT * FROM analytics.users WHERE username = 'alice'");
        CheckResult result = check(warehouse, "spotify_user_ids_distinct");
        assertThat(result.failures()).isEqualTo(2);
        assertThat(result.detail()).isEqualTo("1 user_ids shared, of 2 listeners (user_id " + ALICE + ": alice and itself, in two rows)");
    }

    @Test
    void aListenerWithASparkifyUsersIdFailsTheCheck() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        execute(warehouse, "INSERT INTO analytics.users VALUES (" + BOB + ", 'Bob', 'Smith', 'M', 'free', NULL, 'sparkify')");
        assertThat(check(warehouse, "spotify_user_ids_distinct").detail())
                .isEqualTo("1 user_ids shared, of 2 listeners (user_id " + BOB + ": bob and a Sparkify user)");
    }

    @Test
    void aSpotifyPlayMissingFromSongplaysOrThereTwiceFailsItsCheck() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        execute(warehouse, "DELETE FROM analytics.songplays WHERE songplay_id = -854267962749038399");
        execute(warehouse, "INSERT INTO analytics.songplays SELECT * FROM analytics.songplays WHERE songplay_id = -25490724898647642");
        CheckResult result = check(warehouse, "spotify_plays_exactly_once");
        assertThat(result.failures()).isEqualTo(2);
        assertThat(result.detail()).isEqualTo("1 plays without a songplay, 0 songplays without a play, 1 repeated songplays, 0 repeated plays, 0 staged plays not in central");
    }

    /** A play in central twice is one songplay: the songplays alone did not tell. */
    @Test
    void aPlayInCentralTwiceFailsTheCheck() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        execute(warehouse, "INSERT INTO central.spotify_streams SELECT * FROM central.spotify_streams WHERE stream_id = 25490724898647642");
        CheckResult result = check(warehouse, "spotify_plays_exactly_once");
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.detail()).isEqualTo("0 plays without a songplay, 0 songplays without a play, 0 repeated songplays, 1 repeated plays, 0 staged plays not in central");
    }

    /** A play taken out of central and songplays together: each side agreed with the other, and every check passed. */
    @Test
    void aStagedPlayLostOnTheWayToCentralFailsTheCheck() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        assertThat(check(warehouse, "spotify_plays_exactly_once").failures()).as("12-month records upgraded: left out for the extended ones").isZero();
        // Jóga alone in its minute; one of two Waterloo plays of one minute, which upgraded a 12-month record together (the other stays).
        for (long play : new long[] {748239228122984618L, 25490724898647642L}) {
            execute(warehouse, "DELETE FROM analytics.songplays WHERE songplay_id = " + -play);
            execute(warehouse, "DELETE FROM central.spotify_streams WHERE stream_id = " + play);
        }
        CheckResult result = check(warehouse, "spotify_plays_exactly_once");
        assertThat(result.failures()).isEqualTo(2);
        assertThat(result.detail())
                .isEqualTo("0 plays without a songplay, 0 songplays without a play, 0 repeated songplays, 0 repeated plays, 2 staged plays not in central");
    }

    @Test
    void aKeyWithoutItsDimensionRowFailsItsCheck() throws Exception {
        Warehouse warehouse = spotifyFixtures(fresh());
        assertThat(check(warehouse, "dimension_keys_exist").failures()).isZero();
        execute(warehouse, "DELETE FROM analytics.songs WHERE song_id = '" + WATERLOO + "'");
        execute(warehouse, "DELETE FROM analytics.episodes WHERE kind = 'podcast'");
        execute(warehouse, "DELETE FROM analytics.albums WHERE title = 'Homework'");
        CheckResult result = check(warehouse, "dimension_keys_exist");
        assertThat(result.failures()).isEqualTo(4);
        assertThat(result.detail()).isEqualTo("not in their table: 2 song_id, 0 artist_id, 1 episode_id of songplays, 1 album_id of songs");
        for (String name : List.of("albums_key", "episodes_key")) {
            assertThat(check(warehouse, name).failures()).as(name).isZero();
        }
        execute(warehouse, "INSERT INTO analytics.episodes SELECT * FROM analytics.episodes");
        assertThat(check(warehouse, "episodes_key").detail()).isEqualTo("0 null, 1 duplicate of 2 rows");
    }

    // --- Every check fails on the fault it is there to find ----------------------------------------

    /**
     * A check, the faults a bug could leave in the Sparkify and Spotify fixtures' warehouse (11
     * songplays: Sparkify's 3000000002, -03 and -06 of user 8, -07 of user 26; 7 Spotify plays),
     * and what the check must say about them over every row. Where the check counts NULL keys and
     * repeated keys, the fault has one of each, so that a check counting only one of them fails.
     */
    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("albums_key", List.of(
                        "UPDATE analytics.albums SET album_id = NULL WHERE title = 'Waterloo'",
                        "INSERT INTO analytics.albums SELECT * FROM analytics.albums WHERE title = 'Homework'"),
                        2, "1 null, 1 duplicate of 3 rows"),
                Arguments.of("artists_key", List.of(
                        "UPDATE analytics.artists SET artist_id = NULL WHERE artist_id = 'ARD7TVE1187B99BFB1'",
                        "INSERT INTO analytics.artists SELECT * FROM analytics.artists WHERE artist_id = '" + ABBA + "'"),
                        2, "1 null, 1 duplicate of 7 rows"),
                Arguments.of("songs_key", List.of(
                        "UPDATE analytics.songs SET song_id = NULL WHERE song_id = 'SOMZWCG12A8C13C480'",
                        "INSERT INTO analytics.songs SELECT * FROM analytics.songs WHERE song_id = '" + WATERLOO + "'"),
                        2, "1 null, 1 duplicate of 9 rows"),
                Arguments.of("episodes_key", List.of(
                        "UPDATE analytics.episodes SET episode_id = NULL WHERE kind = 'podcast'"),
                        1, "1 null, 0 duplicate of 2 rows"),
                Arguments.of("users_key", List.of(
                        "UPDATE analytics.users SET user_id = NULL WHERE user_id = 8",
                        "INSERT INTO analytics.users SELECT * FROM analytics.users WHERE user_id = 26"),
                        2, "1 null, 1 duplicate of 5 rows"),
                Arguments.of("time_key", List.of(
                        "UPDATE analytics.time SET start_time = NULL WHERE start_time = TIMESTAMP '2020-12-31 23:59:55'",
                        "INSERT INTO analytics.time SELECT * FROM analytics.time WHERE start_time = (SELECT start_time FROM analytics.songplays WHERE songplay_id = 3000000007)"),
                        2, "1 null, 1 duplicate of 12 rows"),
                Arguments.of("songplays_key", List.of(
                        "INSERT INTO analytics.songplays SELECT * FROM analytics.songplays WHERE songplay_id IN (3000000002, -25490724898647642)",
                        "UPDATE analytics.songplays SET songplay_id = NULL WHERE songplay_id = 3000000007"),
                        3, "1 null, 2 duplicate of 13 rows"),
                Arguments.of("songplays_user_exists", List.of(
                        "DELETE FROM analytics.users WHERE user_id = 8",
                        "UPDATE analytics.songplays SET user_id = NULL WHERE songplay_id = -854267962749038399"),
                        4, "4 songplays without a known user"),
                Arguments.of("songplays_time_exists", List.of(
                        "DELETE FROM analytics.time WHERE start_time IN (SELECT start_time FROM analytics.songplays WHERE songplay_id IN (3000000007, -324410938443420641))"),
                        2, "2 songplays without a time row"),
                Arguments.of("dimension_keys_exist", List.of(
                        "DELETE FROM analytics.artists WHERE artist_id = 'ARBJORK1187B98C9F8'"),
                        2, "not in their table: 0 song_id, 2 artist_id, 0 episode_id of songplays, 0 album_id of songs"),
                Arguments.of("nextsong_exactly_once", List.of(
                        "DELETE FROM analytics.songplays WHERE songplay_id = 3000000003",
                        "UPDATE analytics.songplays SET songplay_id = 3000000099 WHERE songplay_id = 3000000006",
                        "INSERT INTO analytics.songplays SELECT * FROM analytics.songplays WHERE songplay_id = 3000000007"),
                        4, "2 events without a songplay, 1 songplays without an event, 1 repeated"),
                Arguments.of("staged_events_unique", List.of(PlantedCopies.stagedEvents("event_id = 3000000002")),
                        1, "1 repeated events of 7"),
                Arguments.of("spotify_plays_unique", List.of(
                        "INSERT INTO staging.spotify_streams SELECT * FROM staging.spotify_streams WHERE stream_id = 854267962749038399"),
                        1, "1 repeated ids of 10 staged plays"),
                // The 12-month records of Waterloo and the podcast kept beside the extended records that replaced them, and a copy of
                // SOS's 12-month record.
                Arguments.of("spotify_upgrades_done", List.of(
                        PlantedCopies.centralFromStaging("history = '12-month' AND NOT EXISTS (SELECT 1 FROM central.spotify_streams c WHERE c.stream_id = s.stream_id)"),
                        "INSERT INTO central.spotify_streams SELECT " + PlantedCopies.CENTRAL_COLUMNS.replace("stream_id, ", "stream_id + 1, ")
                                + " FROM central.spotify_streams WHERE title = 'SOS'"),
                        3, "2 of 5 12-month records have an extended record in their minute; 0 extended and 1 12-month records repeat a play"),
                // A warning: a matched play that lost its song, whose title and artist are in the catalogue.
                Arguments.of("song_match_rate", List.of(
                        "UPDATE analytics.songplays SET song_id = NULL, artist_id = NULL WHERE songplay_id = 3000000002"),
                        1, "50.0% of 4 Sparkify songplays matched a catalogue song (2); 1 near misses"));
    }

    /**
     * Each check, on a warehouse of both sources that passed every check, fails on the fault it
     * guards against, with its count and detail, and is recorded as failed: a check that counted
     * nothing ({@code SELECT 0 AS failures}) fails this test.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyCheckFailsOnItsFault(String name, List<String> fault, long failures, String detail) throws Exception {
        Warehouse warehouse = fresh();
        sparkifyFixtures(warehouse, SparkifyFixtures.copyTo(dir.resolve("sparkify")));
        spotifyFixtures(warehouse);
        for (String sql : fault) {
            execute(warehouse, sql);
        }
        CheckResult result = check(warehouse, name);
        assertThat(result.failures()).as(result.detail()).isEqualTo(failures);
        assertThat(result.detail()).isEqualTo(detail);
        String status = name.equals("song_match_rate") ? "warn" : "FAIL";
        assertThat(result.status()).isEqualTo(status);
        assertThat(rows(warehouse, "SELECT blocking, failures, status, detail FROM meta.check_results WHERE run_id = 0 AND name = '" + name + "'"))
                .containsExactly(!status.equals("warn") + " | " + failures + " | " + status + " | " + detail);
    }

    /** Runs every model over the files ingested since they last ran, and not the checks (as a run that stopped before them); returns the run's id. */
    private static int modelsOnly(Warehouse warehouse) throws SQLException {
        int runId = new RunLog(warehouse.connection()).start("run");
        ModelGraph graph = ModelGraph.load(warehouse.dialect());
        ModelRunner runner = new ModelRunner(warehouse, graph);
        for (Model model : graph.models()) {
            runner.run(model, runId, false);
        }
        return runId;
    }

    /**
     * A check's incremental part, the fault in the rows of the files ingested after the last run
     * (whose file ids are above {@code :mark}, the mark the checks passed at), and what it must say.
     */
    static Stream<Arguments> faultsInNewFiles() {
        return Stream.of(
                Arguments.of("songplays_key", "INSERT INTO analytics.songplays SELECT * FROM analytics.songplays WHERE file_id > :mark",
                        2, "0 null, 2 duplicate of 11 new or Spotify rows"),
                Arguments.of("songplays_user_exists", "DELETE FROM analytics.users WHERE user_id = 30",
                        2, "2 new or Spotify songplays without a known user"),
                Arguments.of("songplays_time_exists",
                        "DELETE FROM analytics.time WHERE start_time IN (SELECT start_time FROM analytics.songplays WHERE file_id > :mark)",
                        2, "2 new or Spotify songplays without a time row"),
                Arguments.of("time_key",
                        "INSERT INTO analytics.time SELECT * FROM analytics.time WHERE start_time IN (SELECT start_time FROM analytics.songplays WHERE file_id > :mark)",
                        2, "0 null, 2 duplicate of 11 rows of new or Spotify start times"),
                Arguments.of("nextsong_exactly_once",
                        "DELETE FROM analytics.songplays WHERE songplay_id = (SELECT min(songplay_id) FROM analytics.songplays WHERE file_id > :mark)",
                        1, "1 new events without a songplay, 0 new songplays without an event, 0 repeated"),
                Arguments.of("staged_events_unique",
                        PlantedCopies.stagedEvents("event_id = (SELECT min(event_id) FROM staging.sparkify_events WHERE file_id > :mark AND page = 'NextSong')"),
                        1, "1 repeated events among 3 new staged events"),
                Arguments.of("spotify_plays_unique", "INSERT INTO staging.spotify_streams SELECT * FROM staging.spotify_streams WHERE file_id > :mark",
                        2, "2 repeated ids among the plays of the new files"),
                Arguments.of("dimension_keys_exist",
                        "DELETE FROM analytics.songs WHERE song_id IN (SELECT song_id FROM analytics.songplays WHERE file_id > :mark)",
                        2, "not in their table: 2 song_id, 0 artist_id, 0 episode_id of new or Spotify songplays, 0 album_id of songs"));
    }

    /**
     * A run's checks read only the rows of the files that came since they last passed: a fault in
     * those rows fails the check's incremental part, recorded under the run, and the check keeps
     * its mark (so the next run looks at those rows again). The first run ingests Sparkify's songs
     * and day of events and alice's exports; the second a day of two plays of user 30 and bob's
     * history, and the fault is made after its models committed, before its checks.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("faultsInNewFiles")
    void aFaultInTheNewFilesRowsFailsTheIncrementalPartOfItsCheck(String name, String fault, long failures, String detail) throws Exception {
        Warehouse warehouse = fresh();
        Path sparkify = SparkifyFixtures.copyTo(dir.resolve("sparkify"));
        Path spotify = SpotifyFixtures.writeTo(dir.resolve("spotify"));
        warehouse.ingest(FileKind.SPARKIFY_SONGS, SparkifyFixtures.FILES.stream().filter(f -> f.startsWith("song_data/")).sorted().map(sparkify::resolve).toList(),
                Progress.NONE);
        warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(sparkify.resolve("log_data/2018/11/2018-11-01-events.json")), Progress.NONE);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(spotify.resolve("alice")), Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        String mark = rows(warehouse, "SELECT watermark FROM meta.check_state WHERE check_name = '" + name + "'").get(0);
        assertThat(rows(warehouse, "SELECT max(file_id) FROM meta.files")).containsExactly(mark);

        String play = "{\"artist\":\"%s\",\"auth\":\"Logged In\",\"firstName\":\"Zoe\",\"gender\":\"F\",\"itemInSession\":%d,\"lastName\":\"Z\","
                + "\"length\":%s,\"level\":\"free\",\"location\":\"X\",\"method\":\"PUT\",\"page\":\"NextSong\",\"registration\":1.540344794796E12,"
                + "\"sessionId\":300,\"song\":\"%s\",\"status\":200,\"ts\":%d,\"userAgent\":\"M\",\"userId\":\"30\"}\n";
        Path day2 = Files.writeString(dir.resolve("2018-11-02-events.json"),
                String.format(play, "Casual", 0, "218.93179", "I Didn't Mean To", 1_541_120_400_000L)
                        + String.format(play, "Björk", 1, "305.7024", "Jóga", 1_541_120_700_000L));
        warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(day2), Progress.NONE);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(spotify.resolve("bob")), IngestOptions.DEFAULTS.withListener("bob"), Progress.NONE);
        int runId = modelsOnly(warehouse);
        execute(warehouse, fault.replace(":mark", mark));

        CheckResult result = new CheckRunner(warehouse.connection(), warehouse.dialect()).runIncremental(runId).stream()
                .filter(check -> check.name().equals(name)).findFirst().orElseThrow();

        assertThat(result.failures()).as(result.detail()).isEqualTo(failures);
        assertThat(rows(warehouse, "SELECT failures, status, detail FROM meta.check_results WHERE run_id = " + runId + " AND name = '" + name + "'"))
                .containsExactly(failures + " | FAIL | " + detail);
        assertThat(rows(warehouse, "SELECT watermark FROM meta.check_state WHERE check_name = '" + name + "'")).as("the mark is kept").containsExactly(mark);
        // The checks that passed moved their marks past the new files.
        assertThat(rows(warehouse, "SELECT max(watermark) > " + mark + " FROM meta.check_state")).containsExactly("true");
    }

    /**
     * Of two ids for one song (two catalogue versions, a track with two URIs), the dashboards name
     * the least in byte order on both warehouses: the least by the database's collation was
     * "sobcase" on a PostgreSQL database in English order (ICU, or libc's en_US) and "SOZCASE" on
     * DuckDB. Built in full by the first run, merged by the second.
     */
    @Test
    void ofTwoIdsForOneSongTheDashboardsNameTheLeastInByteOrder() throws Exception {
        Warehouse warehouse = fresh();
        Path data = Files.createDirectories(dir.resolve("case-ids"));
        String song = "{\"num_songs\": 1, \"artist_id\": \"%s\", \"artist_latitude\": null, \"artist_longitude\": null, \"artist_location\": null, "
                + "\"artist_name\": \"Case Artist\", \"song_id\": \"%s\", \"title\": \"Case Title\", \"duration\": %s, \"year\": 2001}";
        warehouse.ingest(FileKind.SPARKIFY_SONGS, List.of(Files.writeString(data.resolve("songs.json"),
                String.format(song, "arbcase", "sobcase", "100.0") + "\n" + String.format(song, "ARZCASE", "SOZCASE", "200.0") + "\n")), Progress.NONE);
        String play = "{\"artist\":\"Case Artist\",\"auth\":\"Logged In\",\"firstName\":\"Ann\",\"gender\":\"F\",\"itemInSession\":%d,\"lastName\":\"L\","
                + "\"length\":%s,\"level\":\"free\",\"location\":\"X\",\"method\":\"PUT\",\"page\":\"NextSong\",\"registration\":1.540344794796E12,"
                + "\"sessionId\":1,\"song\":\"Case Title\",\"status\":200,\"ts\":%d,\"userAgent\":\"M\",\"userId\":\"1\"}\n";
        warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(Files.writeString(data.resolve("day1.json"), String.format(play, 0, "100.0", 1_541_030_400_000L))),
                Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        assertThat(rows(warehouse, "SELECT song_id FROM dashboard.top_songs WHERE song_title = 'Case Title'")).containsExactly("sobcase");
        warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(Files.writeString(data.resolve("day2.json"), String.format(play, 1, "200.0", 1_541_116_800_000L))),
                Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        assertThat(rows(warehouse, "SELECT song_id FROM dashboard.top_songs WHERE song_title = 'Case Title'")).containsExactly("SOZCASE");
        assertThat(rows(warehouse, "SELECT artist_id FROM dashboard.top_artists WHERE artist_name = 'Case Artist'")).containsExactly("ARZCASE");
        new Pipeline(warehouse).run(Progress.NONE, true);
        assertThat(rows(warehouse, "SELECT song_id FROM dashboard.top_songs WHERE song_title = 'Case Title'")).containsExactly("SOZCASE");
        assertThat(rows(warehouse, "SELECT artist_id FROM dashboard.top_artists WHERE artist_name = 'Case Artist'")).containsExactly("ARZCASE");
    }

    private static List<String> rows(Warehouse warehouse, String sql) throws SQLException {
        List<String> dump = TableDump.of(warehouse.connection(), sql);
        return dump.subList(1, dump.size());
    }
}
