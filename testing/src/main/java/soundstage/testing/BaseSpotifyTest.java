package soundstage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.transform.CheckRunner;
import soundstage.transform.Pipeline;
import soundstage.transform.RunReport;

/**
 * What every warehouse dialect does with Spotify exports: overlapping exports deduplicated,
 * 12-month records upgraded to extended ones whatever the order of ingesting, listeners,
 * personal data, and every kind of bad input. A dialect module extends this class and says how
 * to make a new, empty warehouse.
 */
public abstract class BaseSpotifyTest {
    @TempDir
    protected Path dir;
    private final List<Warehouse> opened = new ArrayList<>();

    /** The address of a new, empty warehouse of the dialect under test (which may live in {@code dir}). */
    protected abstract String newWarehouse(Path dir) throws Exception;

    private Warehouse warehouse;

    /**
     * Which of the 24 orders of ingesting {@link #everyOrderOfIngestingGivesTheSameCentralTableAndIngestingAgainChangesNothing}
     * tries: all of them, unless a dialect's warehouses are slow to make (the models are the same SQL).
     */
    protected <T> List<List<T>> ordersToTry(List<List<T>> all) {
        return all;
    }

    @BeforeEach
    void openFirst() throws Exception {
        warehouse = fresh();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Warehouse::close);
    }

    private Warehouse fresh() throws Exception {
        Path home = Files.createTempDirectory(dir, "warehouse");
        Warehouse created = WarehouseFactory.openAny(newWarehouse(home));
        opened.add(created);
        return created;
    }

    // --- Three overlapping exports of one listener, and a copy of one under another name ---------

    private static String twelveMonth(String endTime, String artist, String track, long ms) {
        return String.format("  {\n    \"endTime\" : \"%s\",\n    \"artistName\" : \"%s\",\n    \"trackName\" : \"%s\",\n    \"msPlayed\" : %d\n  }",
                endTime, artist, track, ms);
    }

    private static String extended(String ts, String artist, String track, long ms, String reasonEnd) {
        return String.format("{\"ts\":\"%s\",\"username\":\"alice\",\"platform\":\"Android\",\"ms_played\":%d,\"conn_country\":\"SE\","
                + "\"ip_addr_decrypted\":\"192.0.2.1\",\"user_agent_decrypted\":\"unknown\",\"master_metadata_track_name\":\"%s\","
                + "\"master_metadata_album_artist_name\":\"%s\",\"master_metadata_album_album_name\":\"Album\",\"spotify_track_uri\":\"spotify:track:%s\","
                + "\"episode_name\":null,\"episode_show_name\":null,\"spotify_episode_uri\":null,\"reason_start\":\"clickrow\",\"reason_end\":\"%s\","
                + "\"shuffle\":false,\"skipped\":false,\"offline\":false,\"offline_timestamp\":1583975000,\"incognito_mode\":false}",
                ts, ms, track, artist, track.replace(' ', 'x'), reasonEnd);
    }

    private static String array(String... records) {
        return "[\n" + String.join(",\n", records) + "\n]\n";
    }

    /** Jan to Mar 2020 export: Waterloo twice in one minute (one row), SOS, Fernando. */
    private Path firstExport() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("MyData/Userdata.json", SpotifyFixtures.utf8("{\"username\": \"alice\"}"));
        entries.put("MyData/StreamingHistory0.json", SpotifyFixtures.utf8(array(
                twelveMonth("2020-01-10 08:00", "ABBA", "Waterloo", 5000),
                twelveMonth("2020-02-01 09:30", "ABBA", "SOS", 180000),
                twelveMonth("2020-03-01 10:00", "ABBA", "Fernando", 240000))));
        Path zip = dir.resolve("exports/my_spotify_data_2020-03.zip");
        SpotifyFixtures.zip(zip, entries);
        return zip;
    }

    /** Feb to May 2020 export, overlapping the first: SOS and Fernando again, Chiquitita new. */
    private Path secondExport() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("MyData/Userdata.json", SpotifyFixtures.utf8("{\"username\": \"alice\"}"));
        entries.put("MyData/StreamingHistory_music_0.json", SpotifyFixtures.utf8(array(
                twelveMonth("2020-02-01 09:30", "ABBA", "SOS", 180000),
                twelveMonth("2020-03-01 10:00", "ABBA", "Fernando", 240000))));
        entries.put("MyData/StreamingHistory_music_1.json", SpotifyFixtures.utf8(array(
                twelveMonth("2020-05-05 12:00", "ABBA", "Chiquitita", 200000))));
        Path zip = dir.resolve("exports/my_spotify_data_2020-05.zip");
        SpotifyFixtures.zip(zip, entries);
        return zip;
    }

    /** Extended history up to April 2020: the two Waterloo plays, SOS, and Dancing Queen (no 12-month row). */
    private Path extendedExport() throws IOException {
        Path file = written("exports/extended/Streaming_History_Audio_2020_0.json", array(
                extended("2020-02-01T09:30:59Z", "ABBA", "SOS", 180000, "trackdone"),
                extended("2020-01-10T08:00:05Z", "ABBA", "Waterloo", 2000, "fwdbtn"),
                extended("2020-01-10T08:00:40Z", "ABBA", "Waterloo", 3000, "fwdbtn"),
                extended("2020-04-04T20:00:00Z", "ABBA", "Dancing Queen", 230000, "trackdone")));
        return file;
    }

    private Path copyOfFirst() throws IOException {
        return Files.copy(firstExport(), dir.resolve("exports/my_spotify_data_2020-03 (1).zip"));
    }

    /**
     * All 24 orders of four exports; a run after the second and the fourth, so plays are
     * deduplicated both within a run and against plays staged by an earlier run.
     */
    @Test
    void everyOrderOfIngestingGivesTheSameCentralTableAndIngestingAgainChangesNothing() throws Exception {
        List<Path> exports = List.of(firstExport(), secondExport(), extendedExport(), copyOfFirst());
        List<String> expected = null;
        for (List<Path> order : ordersToTry(permutations(exports))) {
            Warehouse each = fresh();
            for (int i = 0; i < order.size(); i++) {
                each.ingest(FileKind.SPOTIFY_EXPORT, List.of(order.get(i)), Progress.NONE);
                if (i % 2 == 1) {
                    new Pipeline(each).run();
                }
            }
            List<String> central = TableDump.of(each.connection(), "SELECT * FROM central.spotify_streams");
            if (expected == null) {
                expected = central;
                // Ingesting everything again adds nothing and a run changes nothing.
                assertThat(each.ingest(FileKind.SPOTIFY_EXPORT, order, Progress.NONE).rows()).isZero();
                assertThat(new Pipeline(each).run().files()).isZero();
                assertThat(TableDump.of(each.connection(), "SELECT * FROM central.spotify_streams")).isEqualTo(expected);
            }
            assertThat(central).as("central after ingesting in the order %s", order.stream().map(Path::getFileName).toList()).isEqualTo(expected);
            each.close();
            opened.remove(each);
        }
        // The header, the four extended plays, Fernando and Chiquitita (no extended record for them); Waterloo and SOS were upgraded.
        assertThat(expected).hasSize(7);
    }

    @Test
    void centralHoldsTheExtendedRecordsAndTheTwelveMonthRecordsNoneReplaces() throws Exception {
        for (Path export : List.of(firstExport(), secondExport(), extendedExport(), copyOfFirst())) {
            warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(export), Progress.NONE);
        }
        RunReport report = new Pipeline(warehouse).run();

        assertThat(rows("SELECT history, title, ts, ms_played, upgrades_12_month FROM central.spotify_streams")).containsExactly(
                "12-month | Chiquitita | 2020-05-05T12:00 | 200000 | false",
                "12-month | Fernando | 2020-03-01T10:00 | 240000 | false",
                "extended | Dancing Queen | 2020-04-04T20:00 | 230000 | false",
                "extended | SOS | 2020-02-01T09:30:59 | 180000 | true",
                "extended | Waterloo | 2020-01-10T08:00:05 | 2000 | true",
                "extended | Waterloo | 2020-01-10T08:00:40 | 3000 | true");
        assertThat(report.spotify()).isEqualTo(new RunReport.Spotify(8, 2, 4, 2, 2));
        assertThat(report.passed()).isTrue();
        // Overlapping rows once in staging; the copy of the first export is a duplicate file.
        assertThat(rows("SELECT history, count(*) FROM staging.spotify_streams GROUP BY history")).containsExactly("12-month | 4", "extended | 4");
        assertThat(rows("SELECT status, count(*) FROM meta.files GROUP BY status")).containsExactly("duplicate | 1", "loaded | 4");
    }

    @Test
    void startTimeIsTheEndOfPlayMinusMsPlayed() throws Exception {
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(extendedExport()), Progress.NONE);
        new Pipeline(warehouse).run();
        assertThat(rows("SELECT ts, start_time FROM staging.spotify_streams WHERE title = 'SOS'"))
                .containsExactly("2020-02-01T09:30:59 | 2020-02-01T09:27:59");
    }

    /**
     * A play Spotify knows no name of: "Unknown Artist" and "Unknown Track" in the 12-month
     * export, every name field null in the extended one. The extended record replaces the
     * 12-month one as any other does, and neither is an artist or a song.
     */
    @Test
    void aPlayWithoutNamesIsReplacedByItsExtendedRecordAndNamesNothing() throws Exception {
        Path twelve = written("unnamed/StreamingHistory0.json", array(twelveMonth("2023-01-01 10:20", "Unknown Artist", "Unknown Track", 7000),
                twelveMonth("2023-01-02 11:00", "Unknown Artist", "Unknown Track", 4000)));
        Path extended = dir.resolve("unnamed/Streaming_History_Audio_2023_0.json");
        Files.writeString(extended, "[{\"ts\":\"2023-01-01T10:20:30Z\",\"ms_played\":7000,\"platform\":\"linux\","
                + "\"master_metadata_track_name\":null,\"master_metadata_album_artist_name\":null,\"master_metadata_album_album_name\":null}]");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(twelve, extended), IngestOptions.DEFAULTS.withListener("carol"), Progress.NONE);
        RunReport report = new Pipeline(warehouse).run();

        assertThat(rows("SELECT history, ts, ms_played, creator, title, track_name, artist_name, upgrades_12_month FROM central.spotify_streams"))
                .containsExactly("12-month | 2023-01-02T11:00 | 4000 | Unknown Artist | Unknown Track | ∅ | ∅ | false",
                        "extended | 2023-01-01T10:20:30 | 7000 | Unknown Artist | Unknown Track | ∅ | ∅ | true");
        assertThat(rows("SELECT count(*), sum(ms_played), count(song_title), count(artist_name) FROM analytics.songplays")).containsExactly("2 | 11000 | 0 | 0");
        assertThat(rows("SELECT count(*) FROM analytics.artists WHERE name = 'Unknown Artist'")).containsExactly("0");
        assertThat(report.passed()).isTrue();
    }

    /**
     * The extended history downloaded again years later comes in a newer format: the same plays
     * with a track URI, skipped false instead of null, offline_timestamp in seconds instead of
     * milliseconds. Each play is one record in central whichever came first (the newer one, with
     * its URI), and one songplay.
     */
    @Test
    void aLifetimeHistoryDownloadedAgainInANewerFormatAddsNoPlays() throws Exception {
        Path old = written("again/old/endsong_0.json", "[{\"ts\":\"2021-05-01T10:00:10Z\",\"username\":\"dave\",\"platform\":\"Android OS 10\",\"ms_played\":181000,"
                + "\"conn_country\":\"DE\",\"ip_addr_decrypted\":\"192.0.2.4\",\"master_metadata_track_name\":\"T\",\"master_metadata_album_artist_name\":\"A\","
                + "\"master_metadata_album_album_name\":\"B\",\"reason_start\":\"trackdone\",\"reason_end\":\"trackdone\",\"shuffle\":false,"
                + "\"skipped\":null,\"offline\":true,\"offline_timestamp\":1619862829123,\"incognito_mode\":false},"
                + "{\"ts\":\"2021-05-01T10:04:00Z\",\"username\":\"dave\",\"platform\":\"Android OS 10\",\"ms_played\":2000,"
                + "\"master_metadata_track_name\":\"U\",\"master_metadata_album_artist_name\":\"A\",\"reason_end\":\"fwdbtn\",\"skipped\":null}]");
        Path newer = written("again/new/Streaming_History_Audio_2021-2024_0.json", "[{\"ts\":\"2021-05-01T10:00:10Z\",\"platform\":\"Android OS 10\",\"ms_played\":181000,\"conn_country\":\"DE\","
                + "\"ip_addr\":\"192.0.2.4\",\"master_metadata_track_name\":\"T\",\"master_metadata_album_artist_name\":\"A\","
                + "\"master_metadata_album_album_name\":\"B\",\"spotify_track_uri\":\"spotify:track:abc\",\"reason_start\":\"trackdone\","
                + "\"reason_end\":\"trackdone\",\"shuffle\":false,\"skipped\":false,\"offline\":true,\"offline_timestamp\":1619862829,"
                + "\"incognito_mode\":false}]");
        List<String> expected = null;
        for (List<Path> order : List.of(List.of(old, newer), List.of(newer, old))) {
            Warehouse each = fresh();
            for (Path export : order) {
                each.ingest(FileKind.SPOTIFY_EXPORT, List.of(export), IngestOptions.DEFAULTS.withListener("dave"), Progress.NONE);
                assertThat(new Pipeline(each).run().passed()).isTrue();
            }
            assertThat(TableDump.of(each.connection(), "SELECT title, ts, track_uri, skipped FROM central.spotify_streams ORDER BY ts"))
                    .containsExactly("title | ts | track_uri | skipped", "T | 2021-05-01T10:00:10 | spotify:track:abc | false", "U | 2021-05-01T10:04 | ∅ | ∅");
            assertThat(TableDump.of(each.connection(), "SELECT count(*) AS plays, sum(ms_played) AS ms FROM analytics.songplays"))
                    .containsExactly("plays | ms", "2 | 183000");
            List<String> central = TableDump.of(each.connection(), "SELECT * FROM central.spotify_streams ORDER BY stream_id");
            if (expected == null) {
                expected = central;
            }
            assertThat(central).isEqualTo(expected);
            each.close();
            opened.remove(each);
        }
    }

    /**
     * "Last 12 months" exports put music and podcasts in StreamingHistoryN.json, later ones in
     * StreamingHistory_music_N.json and StreamingHistory_podcast_N.json. An episode in each is a
     * music record in the first (artistName, trackName) and a podcast one in the second, and a
     * play Spotify knows no name of is "unknown" in one and music in the other: one play each, of
     * the type the file said, whichever came first (each counted twice).
     */
    @Test
    void aTwelveMonthPlayInExportsOfBothFileNamesIsOnePlay() throws Exception {
        String user = "{\"username\": \"jo\"}";
        String unknown = "{\"endTime\":\"2021-04-01 11:00\",\"artistName\":\"Unknown Artist\",\"trackName\":\"Unknown Track\",\"msPlayed\":5000}";
        Map<String, byte[]> mixed = new LinkedHashMap<>();
        mixed.put("MyData/Userdata.json", SpotifyFixtures.utf8(user));
        mixed.put("MyData/StreamingHistory0.json", SpotifyFixtures.utf8("[{\"endTime\":\"2021-04-01 10:00\",\"artistName\":\"The Daily\","
                + "\"trackName\":\"Ep 5\",\"msPlayed\":1200000}," + unknown + "]"));
        Path old = dir.resolve("kinds/old/my_spotify_data.zip");
        SpotifyFixtures.zip(old, mixed);
        Map<String, byte[]> apart = new LinkedHashMap<>();
        apart.put("MyData/Userdata.json", SpotifyFixtures.utf8(user));
        apart.put("MyData/StreamingHistory_podcast_0.json", SpotifyFixtures.utf8(
                "[{\"endTime\":\"2021-04-01 10:00\",\"podcastName\":\"The Daily\",\"episodeName\":\"Ep 5\",\"msPlayed\":1200000}]"));
        apart.put("MyData/StreamingHistory_music_0.json", SpotifyFixtures.utf8("[" + unknown + "]"));
        Path newer = dir.resolve("kinds/new/my_spotify_data.zip");
        SpotifyFixtures.zip(newer, apart);
        List<String> queries = List.of("SELECT * FROM central.spotify_streams ORDER BY stream_id",
                "SELECT content_type, song_id, episode_id, ms_played FROM analytics.songplays ORDER BY ms_played",
                "SELECT song_title, plays FROM dashboard.top_songs ORDER BY song_title");
        inBothOrdersAndAfterAFullRefresh(old, newer, queries, each -> assertThat(TableDump.of(each.connection(),
                "SELECT content_type, count(*) AS plays FROM central.spotify_streams GROUP BY content_type ORDER BY content_type"))
                .containsExactly("content_type | plays", "music | 1", "podcast | 1"));
    }

    /**
     * Only the "Last 12 months" audiobook file names the author (authorName); the extended record
     * of the same play has none. When the extended record replaces the 12-month one, the play
     * keeps its author, and so does the chapter in analytics.episodes, also when a later extended
     * play of it names none (the author was lost).
     */
    @Test
    void anAudiobookPlayKeepsItsAuthorWhenItsExtendedRecordReplacesIt() throws Exception {
        String user = "{\"username\": \"kim\"}";
        Map<String, byte[]> twelve = new LinkedHashMap<>();
        twelve.put("MyData/Userdata.json", SpotifyFixtures.utf8(user));
        twelve.put("MyData/StreamingHistory_audiobook_0.json", SpotifyFixtures.utf8("[{\"endTime\":\"2024-03-01 20:15\",\"audiobookName\":\"Dune\","
                + "\"chapterName\":\"Chapter 1\",\"authorName\":\"Frank Herbert\",\"msPlayed\":600000}]"));
        Path old = dir.resolve("author/old/my_spotify_data.zip");
        SpotifyFixtures.zip(old, twelve);
        String chapter = "{\"ts\":\"%s\",\"username\":\"kim\",\"platform\":\"ios\",\"ms_played\":%d,\"master_metadata_track_name\":null,"
                + "\"master_metadata_album_artist_name\":null,\"audiobook_title\":\"Dune\",\"audiobook_uri\":\"spotify:show:dune\","
                + "\"audiobook_chapter_title\":\"Chapter 1\",\"audiobook_chapter_uri\":\"spotify:episode:dune1\",\"reason_end\":\"%s\"}";
        Map<String, byte[]> extended = new LinkedHashMap<>();
        extended.put("Spotify Extended Streaming History/Streaming_History_Audio_2024_0.json", SpotifyFixtures.utf8("["
                + String.format(chapter, "2024-03-01T20:15:40Z", 600000, "trackdone") + ","
                + String.format(chapter, "2024-03-02T08:00:05Z", 90000, "endplay") + "]"));
        Path newer = dir.resolve("author/new/my_spotify_extended_streaming_history.zip");
        SpotifyFixtures.zip(newer, extended);
        List<String> queries = List.of("SELECT * FROM central.spotify_streams ORDER BY stream_id",
                "SELECT * FROM analytics.episodes ORDER BY episode_id");
        inBothOrdersAndAfterAFullRefresh(old, newer, queries, each -> {
            assertThat(TableDump.of(each.connection(), "SELECT history, ms_played, author_name, upgrades_12_month FROM central.spotify_streams ORDER BY ts"))
                    .containsExactly("history | ms_played | author_name | upgrades_12_month", "extended | 600000 | Frank Herbert | true",
                            "extended | 90000 | ∅ | false");
            assertThat(TableDump.of(each.connection(), "SELECT episode_id, kind, title, show_name, author_name FROM analytics.episodes"))
                    .containsExactly("episode_id | kind | title | show_name | author_name",
                            "spotify:episode:dune1 | audiobook | Chapter 1 | Dune | Frank Herbert");
        });
    }

    /** What each check of {@link #inBothOrdersAndAfterAFullRefresh} asks of a warehouse. */
    @FunctionalInterface
    private interface WarehouseCheck {
        void check(Warehouse warehouse) throws Exception;
    }

    /**
     * Ingests {@code first} and {@code second} into a new warehouse, in each order, with a run
     * after each (its checks pass); {@code check} holds for each, and {@code queries} read the same
     * in both orders, before and after a full refresh. Returns what they read.
     */
    private List<List<String>> inBothOrdersAndAfterAFullRefresh(Path first, Path second, List<String> queries, WarehouseCheck check) throws Exception {
        List<List<String>> expected = null;
        for (List<Path> order : List.of(List.of(first, second), List.of(second, first))) {
            Warehouse each = fresh();
            for (Path export : order) {
                each.ingest(FileKind.SPOTIFY_EXPORT, List.of(export), IngestOptions.DEFAULTS, Progress.NONE);
                assertThat(new Pipeline(each).run().passed()).as("the checks, after %s", export).isTrue();
            }
            check.check(each);
            List<List<String>> tables = dumps(each, queries);
            new Pipeline(each).run(Progress.NONE, true);
            assertThat(dumps(each, queries)).as("after a full refresh").isEqualTo(tables);
            if (expected == null) {
                expected = tables;
            }
            assertThat(tables).isEqualTo(expected);
            each.close();
            opened.remove(each);
        }
        return expected;
    }

    /**
     * Spotify writes a track's name as it is on the day of the export: the same lifetime history
     * downloaded years later names a play "T - Remastered 2011" that the first download named "T".
     * Same listener, end, time played, reasons and URI: one play, in central, the star schema and
     * the dashboard, whichever came first, incrementally and from scratch (it counted twice).
     */
    @Test
    void aTrackRenamedBetweenTwoDownloadsOfOneHistoryIsOnePlay() throws Exception {
        String record = "{\"ts\":\"2021-05-01T10:00:10Z\",\"username\":\"erin\",\"platform\":\"Android\",\"ms_played\":181000,"
                + "\"master_metadata_track_name\":\"%s\",\"master_metadata_album_artist_name\":\"A\",\"master_metadata_album_album_name\":\"%s\","
                + "\"spotify_track_uri\":\"spotify:track:abc\",\"reason_start\":\"trackdone\",\"reason_end\":\"trackdone\",\"shuffle\":false,"
                + "\"skipped\":false,\"offline\":false,\"offline_timestamp\":%d,\"incognito_mode\":false}";
        String other = "{\"ts\":\"2021-05-01T10:03:10Z\",\"username\":\"erin\",\"ms_played\":1000,\"master_metadata_track_name\":\"V\","
                + "\"master_metadata_album_artist_name\":\"A\",\"spotify_track_uri\":\"spotify:track:v\",\"reason_end\":\"fwdbtn\",\"skipped\":true}";
        Path first = written("renamed/2021/Streaming_History_Audio_2021_0.json", "[" + String.format(record, "T", "B", 1619862829123L) + "," + other + "]");
        Path later = written("renamed/2024/Streaming_History_Audio_2021-2024_0.json",
                "[" + String.format(record, "T - Remastered 2011", "B (Deluxe)", 1619862829L) + "]");
        List<String> queries = List.of("SELECT * FROM central.spotify_streams ORDER BY stream_id",
                "SELECT song_title, artist_name, plays FROM dashboard.top_songs ORDER BY song_title",
                "SELECT artist_name, plays FROM dashboard.top_artists ORDER BY artist_name",
                "SELECT song_id, title FROM analytics.songs ORDER BY song_id");
        List<List<String>> tables = inBothOrdersAndAfterAFullRefresh(first, later, queries, each -> assertThat(TableDump.of(each.connection(),
                "SELECT count(*) AS plays, sum(ms_played) AS ms FROM analytics.songplays")).containsExactly("plays | ms", "2 | 182000"));
        assertThat(tables.get(2)).containsExactly("artist_name | plays", "A | 2");
    }

    /**
     * The same rename when the first download is of the oldest format, which has no track URI:
     * the play has neither the later record's URI nor its title, only its artist, end, time
     * played and reasons. One play (it counted twice); two plays of one artist that end in the
     * same second in one download without URIs stay two.
     */
    @Test
    void aTrackRenamedBetweenADownloadWithoutUrisAndALaterOneIsOnePlay() throws Exception {
        String old = "{\"ts\":\"2022-08-17T06:15:42Z\",\"username\":\"gus\",\"platform\":\"Android OS 9\",\"ms_played\":%d,"
                + "\"master_metadata_track_name\":\"%s\",\"master_metadata_album_artist_name\":\"The Band\",\"master_metadata_album_album_name\":\"LP\","
                + "\"reason_start\":\"fwdbtn\",\"reason_end\":\"fwdbtn\",\"shuffle\":false,\"skipped\":null,\"offline\":false,"
                + "\"offline_timestamp\":1660716942000,\"incognito_mode\":false}";
        Path first = written("renamed-nouri/2022/endsong_0.json", "[" + String.format(old, 2000, "Follow Me Right Now") + ","
                + String.format(old, 0, "Other Song") + "," + String.format(old, 0, "Third Song") + "]");
        String newer = "{\"ts\":\"2022-08-17T06:15:42Z\",\"username\":\"gus\",\"platform\":\"Android OS 9\",\"ms_played\":%d,"
                + "\"master_metadata_track_name\":\"%s\",\"master_metadata_album_artist_name\":\"The Band\",\"master_metadata_album_album_name\":\"LP\","
                + "\"spotify_track_uri\":\"%s\",\"reason_start\":\"fwdbtn\",\"reason_end\":\"fwdbtn\",\"shuffle\":false,\"skipped\":false,"
                + "\"offline\":false,\"offline_timestamp\":1660716942,\"incognito_mode\":false}";
        Path later = written("renamed-nouri/2024/Streaming_History_Audio_2022-2024_0.json", "[" + String.format(newer, 2000,
                "Follow Me Right Now - Remastered 2011", "spotify:track:fmrn") + "," + String.format(newer, 0, "Other Song", "spotify:track:other")
                + "," + String.format(newer, 0, "Third Song", "spotify:track:third") + "]");
        List<String> queries = List.of("SELECT * FROM central.spotify_streams ORDER BY stream_id",
                "SELECT song_title, artist_name, plays FROM dashboard.top_songs ORDER BY song_title",
                "SELECT artist_name, plays FROM dashboard.top_artists ORDER BY artist_name");
        List<List<String>> tables = inBothOrdersAndAfterAFullRefresh(first, later, queries, each -> assertThat(TableDump.of(each.connection(),
                "SELECT title, track_uri FROM central.spotify_streams ORDER BY title")).containsExactly("title | track_uri",
                "Follow Me Right Now - Remastered 2011 | spotify:track:fmrn", "Other Song | spotify:track:other", "Third Song | spotify:track:third"));
        assertThat(tables.get(2)).containsExactly("artist_name | plays", "The Band | 3");
        // spotify_upgrades_done finds such a copy when central keeps it (as it did)
        Warehouse both = fresh();
        both.ingest(FileKind.SPOTIFY_EXPORT, List.of(first, later), IngestOptions.DEFAULTS, Progress.NONE);
        assertThat(new Pipeline(both).run().passed()).isTrue();
        try (Statement statement = both.connection().createStatement()) {
            statement.execute(PlantedCopies.centralFromStaging("title = 'Follow Me Right Now'"));
        }
        assertThat(new CheckRunner(both.connection(), both.dialect()).run(0).stream().filter(check -> check.name().equals("spotify_upgrades_done"))
                .findFirst().orElseThrow().detail()).isEqualTo("0 of 0 12-month records have an extended record in their minute; 1 extended and 0 12-month records repeat a play");
        // the old download alone: its two skips in one second, of one artist, are two plays
        Warehouse alone = fresh();
        alone.ingest(FileKind.SPOTIFY_EXPORT, List.of(first), IngestOptions.DEFAULTS, Progress.NONE);
        assertThat(new Pipeline(alone).run().passed()).isTrue();
        assertThat(TableDump.of(alone.connection(), "SELECT count(*) AS plays FROM analytics.songplays")).containsExactly("plays", "3");
        // a file that names URIs, with a local file (no URI) skipped in the same second as a track of the same artist: two plays
        Path local = written("renamed-nouri/local/Streaming_History_Audio_2023_0.json", "[" + String.format(newer, 0, "Other Song", "spotify:track:other")
                .replace("2022-08-17", "2023-01-02").replace("gus", "hal") + "," + String.format(old, 0, "My Own Recording")
                .replace("2022-08-17", "2023-01-02").replace("gus", "hal") + "]");
        alone.ingest(FileKind.SPOTIFY_EXPORT, List.of(local), IngestOptions.DEFAULTS, Progress.NONE);
        assertThat(new Pipeline(alone).run().passed()).isTrue();
        assertThat(TableDump.of(alone.connection(), "SELECT title FROM central.spotify_streams WHERE listener = 'hal' ORDER BY title"))
                .containsExactly("title", "My Own Recording", "Other Song");
    }

    /**
     * Two plays of one track in one extended file that end in the same second after the same
     * time played but started and ended for other reasons are two plays (they were taken for
     * copies from exports in two formats, and one was dropped); the same two plays in an export
     * of another format add none, incrementally or from scratch.
     */
    @Test
    void twoPlaysOfOneSecondForOtherReasonsAreTwoPlaysInEveryFormat() throws Exception {
        String skip = "\"ts\":\"2022-05-01T10:00:30Z\",\"username\":\"rita\",\"platform\":\"Android\",\"ms_played\":0,"
                + "\"master_metadata_track_name\":\"Song\",\"master_metadata_album_artist_name\":\"Band\",\"skipped\":true,";
        Path old = written("reasons/old/endsong_0.json", "[{" + skip + "\"reason_start\":\"fwdbtn\",\"reason_end\":\"fwdbtn\"},\n"
                + "{" + skip + "\"reason_start\":\"clickrow\",\"reason_end\":\"endplay\"}]");
        Path newer = written("reasons/new/Streaming_History_Audio_2022_0.json", Files.readString(old).replace("\"skipped\":true,", "\"skipped\":true,\"spotify_track_uri\":\"spotify:track:s\","));
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(old), IngestOptions.DEFAULTS, Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        assertThat(rows("SELECT reason_start, reason_end, track_uri FROM central.spotify_streams ORDER BY reason_start"))
                .containsExactly("clickrow | endplay | ∅", "fwdbtn | fwdbtn | ∅");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(newer), IngestOptions.DEFAULTS, Progress.NONE);
        RunReport report = new Pipeline(warehouse).run();
        assertThat(rows("SELECT reason_start, reason_end, track_uri FROM central.spotify_streams ORDER BY reason_start"))
                .containsExactly("clickrow | endplay | spotify:track:s", "fwdbtn | fwdbtn | spotify:track:s");
        assertThat(rows("SELECT count(*) FROM analytics.songplays")).containsExactly("2");
        assertThat(report.passed()).isTrue();
        assertFullRefreshKeeps("SELECT * FROM central.spotify_streams ORDER BY stream_id");
    }

    private static List<List<String>> dumps(Warehouse warehouse, List<String> queries) throws SQLException {
        List<List<String>> tables = new ArrayList<>();
        for (String query : queries) {
            tables.add(TableDump.of(warehouse.connection(), query));
        }
        return tables;
    }

    /** Writes {@code text} to {@code relative} under the test's folder, making its folders; the file's path. */
    private Path written(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** Rebuilds every table from the source layer and asserts that {@code query} reads what it read before: the incremental build was the full one. */
    private void assertFullRefreshKeeps(String query) throws Exception {
        List<String> incremental = TableDump.of(warehouse.connection(), query);
        new Pipeline(warehouse).run(Progress.NONE, true);
        assertThat(TableDump.of(warehouse.connection(), query)).as("after a full refresh").isEqualTo(incremental);
    }

    /** Two records without names that end alike but name different tracks are two plays, not copies (copies never name two URIs). */
    @Test
    void twoNamelessPlaysOfDifferentTracksAreTwoPlays() throws Exception {
        String play = "\"ts\":\"2022-05-01T10:00:30Z\",\"username\":\"rita\",\"ms_played\":0,\"master_metadata_track_name\":null,"
                + "\"master_metadata_album_artist_name\":null,\"reason_start\":\"fwdbtn\",\"reason_end\":\"fwdbtn\",";
        Path file = written("nameless/Streaming_History_Audio_2022_0.json", "[{" + play + "\"spotify_track_uri\":\"spotify:track:one\"},{" + play + "\"spotify_track_uri\":\"spotify:track:two\"}]");
        Path earlier = dir.resolve("nameless/Streaming_History_Audio_2021_0.json");   // so that the second run merges (the incremental part)
        Files.writeString(earlier, "[{\"ts\":\"2021-01-01T10:00:00Z\",\"username\":\"rita\",\"ms_played\":1000,\"master_metadata_track_name\":\"T\","
                + "\"master_metadata_album_artist_name\":\"A\"}]");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(earlier), IngestOptions.DEFAULTS, Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), IngestOptions.DEFAULTS, Progress.NONE);
        RunReport report = new Pipeline(warehouse).run();
        assertThat(rows("SELECT track_uri FROM central.spotify_streams WHERE ts > TIMESTAMP '2022-01-01 00:00:00'"))
                .containsExactlyInAnyOrder("spotify:track:one", "spotify:track:two");
        assertThat(report.passed()).isTrue();
        assertFullRefreshKeeps("SELECT * FROM central.spotify_streams ORDER BY stream_id");
    }

    /**
     * A 12-month record without an artist (an empty artistName) is replaced by the extended
     * record of its minute that has no artist either, as a named one is (it stayed beside it, a
     * play counted twice), and only by one without an artist.
     */
    @Test
    void aPlayWithoutAnArtistIsReplacedByItsExtendedRecordWithoutOne() throws Exception {
        Path twelve = written("artistless/StreamingHistory0.json", array(twelveMonth("2023-06-01 13:00", "", "No Artist", 60000), twelveMonth("2023-06-01 14:00", "", "Other", 60000)));
        Path extended = dir.resolve("artistless/Streaming_History_Audio_2023_0.json");
        Files.writeString(extended, "[{\"ts\":\"2023-06-01T13:00:20Z\",\"username\":\"kim\",\"ms_played\":60000,\"master_metadata_track_name\":\"No Artist\","
                + "\"master_metadata_album_artist_name\":null,\"spotify_track_uri\":\"spotify:track:y\"},"
                + "{\"ts\":\"2023-06-01T14:00:20Z\",\"username\":\"kim\",\"ms_played\":60000,\"master_metadata_track_name\":\"Other\","
                + "\"master_metadata_album_artist_name\":\"Somebody\",\"spotify_track_uri\":\"spotify:track:z\"}]");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(twelve), IngestOptions.DEFAULTS.withListener("kim"), Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(extended), IngestOptions.DEFAULTS.withListener("kim"), Progress.NONE);
        RunReport report = new Pipeline(warehouse).run();
        assertThat(rows("SELECT history, ts, creator, title, upgrades_12_month FROM central.spotify_streams"))
                .containsExactlyInAnyOrder("extended | 2023-06-01T13:00:20 | ∅ | No Artist | true",
                        "12-month | 2023-06-01T14:00 | ∅ | Other | false",
                        "extended | 2023-06-01T14:00:20 | Somebody | Other | false");
        assertThat(rows("SELECT count(*) FROM analytics.songplays")).containsExactly("3");
        assertThat(report.passed()).isTrue();
        List<String> incremental = TableDump.layers(warehouse.connection());
        new Pipeline(warehouse).run(Progress.NONE, true);
        assertThat(TableDump.layers(warehouse.connection())).as("every layer after a full refresh").isEqualTo(incremental);
    }

    @Test
    void recordsWithoutUsernameNeedAListenerAndNothingLoadsWithoutOne() throws Exception {
        Path newest = SpotifyFixtures.writeTo(dir.resolve("fixtures")).resolve("bob");
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(newest), Progress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage("No listener for '" + newest.resolve("Streaming_History_Audio_2023_0.json")
                        + "': its records have no username and its export no Userdata.json that names one. Ingest it with --listener NAME (the Spotify username whose export it is).");
        assertThat(rows("SELECT count(*) FROM meta.files")).containsExactly("0");
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(newest), IngestOptions.DEFAULTS.withListener(null, "sources.bob.listener"),
                Progress.NONE))
                .hasMessageEndingWith("Set sources.bob.listener in the configuration to the Spotify username whose export it is.");

        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(newest), IngestOptions.DEFAULTS.withListener("bob"), Progress.NONE);
        assertThat(rows("SELECT DISTINCT listener FROM source.spotify_streams")).containsExactly("bob");
    }

    /** A file without usernames that is already loaded is only a duplicate: its folder's parent loads without --listener. */
    @Test
    void aFileWithoutUsernamesAlreadyLoadedNeedsNoListenerAgain() throws Exception {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("fixtures"));
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("bob")), IngestOptions.DEFAULTS.withListener("bob"), Progress.NONE);

        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("alice"), fixtures.resolve("bob")), Progress.NONE);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.loaded()).isPositive();
        assertThat(rows("SELECT DISTINCT listener FROM source.spotify_streams ORDER BY listener")).containsExactly("alice", "bob");
    }

    /** What holds no streaming history says so (an empty folder is data not yet arrived); a linked folder is read. */
    @Test
    void aFolderOrZipWithoutStreamingHistoryIsRefusedAndALinkedFolderIsRead() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("Userdata.json"), "{\"username\": \"x\"}");
        Files.writeString(other.resolve("Playlist1.json"), "{}");
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(other), Progress.NONE)).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Folder '" + other + "' holds no Spotify streaming history: none of its 2 files (such as 'Playlist1.json') is named");
        Path emptyZip = dir.resolve("empty.zip");
        SpotifyFixtures.zip(emptyZip, Map.of());
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(emptyZip), Progress.NONE)).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Zip '" + emptyZip + "' holds no Spotify streaming history: no entry is named");
        assertThat(warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(Files.createDirectories(dir.resolve("not-yet"))), Progress.NONE).files()).isZero();
        assertThat(rows("SELECT count(*) FROM meta.files")).containsExactly("0");

        Path linked = Files.createSymbolicLink(dir.resolve("linked"), SpotifyFixtures.writeTo(dir.resolve("fixtures")).resolve("alice"));
        assertThat(warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(linked), Progress.NONE).loaded()).isPositive();
    }

    /** A record without username in a file whose first has one is quarantined with advice that works. */
    @Test
    void aRecordWithoutUsernameAmongRecordsWithOneLoadsOnceItsFileIsFixed() throws Exception {
        String first = "{\"ts\":\"2023-01-01T10:00:59Z\",\"username\":\"erin\",\"ms_played\":1000,\"master_metadata_track_name\":\"T\",\"master_metadata_album_artist_name\":\"A\"}";
        Path file = written("mixed/endsong_0.json", array(first, "{\"ts\":\"2023-01-01T10:01:00Z\",\"ms_played\":2000,\"master_metadata_track_name\":\"T\",\"master_metadata_album_artist_name\":\"A\"}"));
        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), Progress.NONE);
        assertThat(summary.rows()).isEqualTo(1);
        assertThat(rows("SELECT line_no, reason FROM meta.quarantine")).containsExactly("3 | no listener: the record has no username, unlike the first of its file, "
                + "and the export has no Userdata.json; add the username to the record and ingest the file again (its other records are not loaded twice) (record 2)");

        Files.writeString(file, array(first, "{\"ts\":\"2023-01-01T10:01:00Z\",\"username\":\"erin\",\"ms_played\":2000,\"master_metadata_track_name\":\"T\",\"master_metadata_album_artist_name\":\"A\"}"));
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), Progress.NONE);
        new Pipeline(warehouse).run();
        assertThat(rows("SELECT listener, ms_played FROM central.spotify_streams ORDER BY ts")).containsExactly("erin | 1000", "erin | 2000");
    }

    /** A --listener that no record takes was ignored without a word: one warning says so. */
    @Test
    void aListenerNoRecordTakesIsSaidToBeUnused() throws Exception {
        Path alice = SpotifyFixtures.writeTo(dir.resolve("fixtures")).resolve("alice/my_spotify_data.zip");
        List<String> warnings = new ArrayList<>();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(alice), IngestOptions.DEFAULTS.withListener("zzz").withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).containsExactly("--listener zzz is not used: every export given names its listener (its Userdata.json, or a username in "
                + "each record), and that name is kept");
        assertThat(rows("SELECT DISTINCT listener FROM source.spotify_streams")).containsExactly("alice");

        // A configured source's listener is named as the configuration names it.
        warnings.clear();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(alice), IngestOptions.DEFAULTS.withListener("zzz", "sources.mine.listener").withWarnings(warnings::add),
                Progress.NONE);
        assertThat(warnings).containsExactly("sources.mine.listener zzz is not used: every export given names its listener (its Userdata.json, or a username in "
                + "each record), and that name is kept");
    }

    @Test
    void theUsernameOfARecordWinsOverTheListenerOption() throws Exception {
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(extendedExport()), IngestOptions.DEFAULTS.withListener("someone"), Progress.NONE);
        assertThat(rows("SELECT DISTINCT listener FROM source.spotify_streams")).containsExactly("alice");
    }

    @Test
    void personalDataStaysInTheSourceLayerAndIsDroppedWhenAsked() throws Exception {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("fixtures"));
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("alice/extended")), Progress.NONE);
        assertThat(rows("SELECT DISTINCT ip_addr, user_agent FROM source.spotify_streams")).containsExactly("192.0.2.1 | unknown");
        for (String layer : List.of("staging", "central")) {
            assertThat(rows("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + layer + "' AND table_name = 'spotify_streams' "
                    + "AND column_name IN ('ip_addr', 'user_agent', 'raw')")).as(layer).containsExactly("0");
        }

        Warehouse dropping = fresh();
        dropping.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("alice/extended")), IngestOptions.DEFAULTS.withDropPersonalData(true), Progress.NONE);
        assertThat(TableDump.of(dropping.connection(), "SELECT DISTINCT ip_addr, user_agent FROM source.spotify_streams")).containsExactly("ip_addr | user_agent", "∅ | ∅");
        // The record with an unknown key keeps its text, without the personal keys.
        List<String> raw = TableDump.of(dropping.connection(), "SELECT raw FROM source.spotify_streams WHERE raw IS NOT NULL");
        assertThat(raw).hasSize(2);
        assertThat(raw.get(1)).contains("\"audio_quality\":\"high\"").contains("\"platform\"").doesNotContain("192.0.2.1").doesNotContain("user_agent_decrypted");
    }

    @Test
    void unknownKeysLoadTheKnownOnesKeepTheRecordAndWarnOncePerFile() throws Exception {
        Path file = dir.resolve("endsong_0.json");
        Files.writeString(file, "[{\"ts\":\"2020-03-12T01:20:18Z\",\"username\":\"alice\",\"ms_played\":1,\"new_key\":[1,2],\"other\":null},"
                + "{\"ts\":\"2020-03-12T01:21:18Z\",\"username\":\"alice\",\"ms_played\":2,\"new_key\":3}]");
        List<String> warnings = new ArrayList<>();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), IngestOptions.DEFAULTS.withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).containsExactly(file + ": keys Soundstage does not know (new_key, other) are kept in source.spotify_streams.raw; the known keys are loaded");
        assertThat(rows("SELECT record_no, ms_played, raw FROM source.spotify_streams")).containsExactly(
                "1 | 1 | {\"ts\":\"2020-03-12T01:20:18Z\",\"username\":\"alice\",\"ms_played\":1,\"new_key\":[1,2],\"other\":null}",
                "2 | 2 | {\"ts\":\"2020-03-12T01:21:18Z\",\"username\":\"alice\",\"ms_played\":2,\"new_key\":3}");
    }

    /**
     * --drop-personal-data on an export loaded before did nothing, without a word: the IP address
     * stayed. Then it warned with an UPDATE that cleared the columns only (not the kept record text,
     * nor the quarantined records') and named no warehouse. It now drops them from what the earlier
     * ingest stored of the files it gives again, and only of those.
     */
    @Test
    void droppingPersonalDataOfAnExportLoadedBeforeDropsItFromWhatWasStored() throws Exception {
        Path file = dir.resolve("endsong_0.json");
        Files.writeString(file, "[{\"ts\":\"2021-03-12T01:20:18Z\",\"username\":\"alice\",\"ms_played\":1000,\"ip_addr_decrypted\":\"1.2.3.4\",\"user_agent_decrypted\":\"UA-1\"},"
                + "{\"ts\":\"2021-03-12T01:25:18Z\",\"username\":\"alice\",\"ms_played\":2000,\"ip_addr_decrypted\":\"1.2.3.5\",\"new_key\":1},"
                + "{\"ts\":\"2021-03-12T01:30:18Z\",\"username\":\"alice\",\"ms_played\":-5,\"ip_addr_decrypted\":\"1.2.3.6\"}]");
        Path other = Files.createDirectories(dir.resolve("bob")).resolve("endsong_0.json");
        Files.writeString(other, "[{\"ts\":\"2021-03-12T01:20:18Z\",\"username\":\"bob\",\"ms_played\":1000,\"ip_addr_decrypted\":\"9.9.9.9\"}]");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), Progress.NONE);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(other), Progress.NONE);
        assertThat(rows("SELECT count(*) FROM meta.quarantine WHERE raw LIKE '%1.2.3.6%'")).containsExactly("1");

        List<String> warnings = new ArrayList<>();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), IngestOptions.DEFAULTS.withDropPersonalData(true).withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).containsExactly("--drop-personal-data: dropped the IP addresses and user agents that an earlier ingest stored of the 1 file "
                + "loaded before (2 records, 2 kept record texts)");
        assertThat(rows("SELECT listener, ip_addr, user_agent, raw FROM source.spotify_streams")).containsExactly(
                "alice | ∅ | ∅ | {\"ts\":\"2021-03-12T01:25:18Z\",\"username\":\"alice\",\"ms_played\":2000,\"new_key\":1}",
                "alice | ∅ | ∅ | ∅",
                "bob | 9.9.9.9 | ∅ | ∅");
        assertThat(rows("SELECT raw FROM meta.quarantine WHERE raw IS NOT NULL"))
                .containsExactly("{\"ts\":\"2021-03-12T01:30:18Z\",\"username\":\"alice\",\"ms_played\":-5}");

        warnings.clear();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), IngestOptions.DEFAULTS.withDropPersonalData(true).withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).as("nothing left to drop").isEmpty();
    }

    /** A compressed history file in an export's folder was left out without a word. */
    @Test
    void aCompressedHistoryFileInAFolderIsSaidToBeLeftOut() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("export"));
        Files.writeString(folder.resolve("endsong_0.json"), "[{\"ts\":\"2020-03-12T01:20:18Z\",\"username\":\"alice\",\"ms_played\":1}]");
        Files.write(folder.resolve("endsong_1.json.gz"), new byte[] {31, -117, 8, 0});
        List<String> warnings = new ArrayList<>();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(folder), IngestOptions.DEFAULTS.withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).containsExactly("'" + folder + "' holds 1 compressed file (such as 'endsong_1.json.gz') that is not read: "
                + "decompress it (gunzip -k) to load it, or move it out of the folder");
        assertThat(rows("SELECT count(*) FROM source.spotify_streams")).containsExactly("1");
    }

    @Test
    void everyBadRecordIsQuarantinedWithItsLineAndReasonAndTheOthersLoad() throws Exception {
        Path file = dir.resolve("StreamingHistory_music_0.json");
        Files.writeString(file, """
                [
                  {"endTime": "2020-01-01 10:00", "artistName": "A", "trackName": "ok", "msPlayed": 1},
                  {"artistName": "A", "trackName": "no time", "msPlayed": 1},
                  {"endTime": "2020-01-01 10:00", "artistName": "A", "trackName": "no ms"},
                  {"endTime": "yesterday", "artistName": "A", "trackName": "bad time", "msPlayed": 1},
                  {"endTime": "2020-01-01 10:00", "artistName": "A", "trackName": "negative", "msPlayed": -1},
                  {"endTime": "2020-01-01 10:00", "ts": "2020-01-01T10:00:00Z", "ms_played": 1},
                  {"ts": "2020-01-01T10:00:00Z", "ms_played": 1, "shuffle": "sometimes"},
                  {"ts": "2020-01-01T10:00:00Z", "ms_played": 1, "master_metadata_track_name": {"name": "x"}},
                  [1, 2],
                  {"ts": "2020-01-01 10:00:00", "ms_played": 1},
                  {"ts": "2020-01-01T10:00:00Z", "ms_played": 1, "ms_played": 2}
                ]
                """);
        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), IngestOptions.DEFAULTS.withListener("alice"), Progress.NONE);
        assertThat(summary.rows()).isEqualTo(1);
        assertThat(summary.quarantined()).isEqualTo(10);
        assertThat(rows("SELECT line_no, reason FROM meta.quarantine")).containsExactly(   // sorted as text
                "10 | not a JSON object but an array (record 9)",
                "11 | ts is not a time like 2020-03-12T01:20:18Z: 2020-01-01 10:00:00 (record 10)",
                "12 | key ms_played appears more than once in the record, so its value is ambiguous (record 11)",
                "3 | required field ts (endTime in 12-month files) is missing or null (record 2)",
                "4 | required field ms_played (msPlayed in 12-month files) is missing or null (record 3)",
                "5 | endTime is not a time like 2019-03-02 13:50: yesterday (record 4)",
                "6 | ms_played (msPlayed in 12-month files) is negative: -1 (record 5)",
                "7 | the record has both ts and endTime: it is neither a 12-month nor an extended record (record 6)",
                "8 | shuffle is not true or false: sometimes (record 7)",
                "9 | master_metadata_track_name is an object, not a single value (record 8)");
        assertThat(rows("SELECT raw FROM meta.quarantine WHERE line_no = 3"))
                .containsExactly("{\"artistName\": \"A\", \"trackName\": \"no time\", \"msPlayed\": 1}");
        assertThat(rows("SELECT status, rows, quarantined FROM meta.files")).containsExactly("loaded | 1 | 10");
    }

    /**
     * Values that would load but break the models' arithmetic (start_time = ts - ms_played, the
     * offline time) are quarantined at ingest: loaded, they failed every later run.
     */
    @Test
    void valuesNoRunCouldComputeWithAreQuarantinedAndRunsGoOn() throws Exception {
        Path file = dir.resolve("endsong_0.json");
        Files.writeString(file, """
                [
                  {"ts": "2020-01-01T10:00:00Z", "ms_played": 10000000000000000},
                  {"ts": "2020-01-01T10:00:00Z", "ms_played": 1, "offline_timestamp": 9223372036854775807},
                  {"ts": "+300000-01-01T10:00:00Z", "ms_played": 1},
                  {"ts": "2020-01-01T10:00:00Z", "ms_played": 604800000, "offline_timestamp": 253402300799999, "master_metadata_track_name": "longest"},
                  {"ts": "2020-01-01T10:00:00Z", "ms_played": 1, "offline_timestamp": 1577872800, "master_metadata_track_name": "seconds"}
                ]
                """);
        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), IngestOptions.DEFAULTS.withListener("alice"), Progress.NONE);
        assertThat(summary.rows()).isEqualTo(2);
        assertThat(rows("SELECT line_no, reason FROM meta.quarantine")).containsExactly(
                "2 | ms_played is 10000000000000000, more than a week (604800000 ms), longer than any play lasts (record 1)",
                "3 | offline_timestamp is 9223372036854775807, outside the years 1 to 9999 in epoch milliseconds (or seconds) (record 2)",
                "4 | ts is outside the years 1 to 9999: +300000-01-01T10:00:00Z (record 3)");

        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        assertThat(rows("SELECT title, start_time, offline_at FROM staging.spotify_streams")).containsExactly(
                "longest | 2019-12-25T10:00 | 9999-12-31T23:59:59.999",
                "seconds | 2020-01-01T09:59:59.999 | 2020-01-01T10:00");
        // And the next file goes through.
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(extendedExport()), Progress.NONE);
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
        assertThat(rows("SELECT count(*) FROM staging.spotify_streams")).containsExactly("6");
    }

    /**
     * A record too long for a row of the bulk load (DuckDB reads lines of at most 16 MiB) is
     * quarantined with the start of its text; the file's other records and the other files load.
     */
    @Test
    void aRecordTooLongToLoadIsQuarantinedAndEverythingElseLoads() throws Exception {
        Path file = dir.resolve("endsong_0.json");
        String longRecord = "{\"ts\": \"2020-01-01T10:00:00Z\", \"ms_played\": 1, \"master_metadata_track_name\": \"" + "y".repeat(17 << 20) + "\"}";
        Files.writeString(file, "[\n" + longRecord + ",\n{\"ts\": \"2020-01-01T10:01:00Z\", \"ms_played\": 2}\n]");
        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file, extendedExport()), IngestOptions.DEFAULTS.withListener("alice"),
                Progress.NONE);
        assertThat(summary.rows()).isEqualTo(5);
        assertThat(summary.loaded()).isEqualTo(2);
        assertThat(rows("SELECT line_no, reason, length(raw), raw = substr(?, 1, 65536) FROM meta.quarantine".replace("?", "'" + longRecord.substring(0, 65536) + "'")))
                .containsExactly("2 | record 1 is " + longRecord.length() + " bytes long (its longest value, master_metadata_track_name, has " + (17 << 20)
                        + " characters), more than the 4194304 a record may have; the quarantine keeps only its first 65536 characters (record 1) | 65536 | true");
        assertThat(new Pipeline(warehouse).run().passed()).isTrue();
    }

    @Test
    void badFilesAreQuarantinedWholeAndTheGoodFilesLoad() throws Exception {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("fixtures"));
        Path good = fixtures.resolve("alice/extended/endsong_0.json");
        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("bad"), good), Progress.NONE);

        assertThat(summary.loaded()).isEqualTo(1);
        assertThat(summary.rejected()).isEqualTo(3);
        assertThat(rows("SELECT f.name, q.line_no, q.reason FROM meta.quarantine q JOIN meta.files f ON f.file_id = q.file_id")).containsExactly(
                "StreamingHistory_music_7.json | 1 | not UTF-8: invalid byte sequence at line 1; convert the file to UTF-8 and ingest it again",
                "StreamingHistory_music_8.json | 1 | not a JSON array of play records (it starts with an object); Spotify's streaming-history files are JSON arrays",
                "Streaming_History_Audio_2022_truncated.json | 22 | truncated: the file ends inside the JSON array, after 0 complete records; download the export again");
        // The truncated file's first record was read before the end was found: its row is gone too.
        assertThat(rows("SELECT f.name, count(*) FROM source.spotify_streams s JOIN meta.files f ON f.file_id = s.file_id GROUP BY f.name"))
                .containsExactly("endsong_0.json | 3");
    }

    @Test
    void aTruncatedFileLosesTheRowsItHadAlreadyWritten() throws Exception {
        Path file = dir.resolve("endsong_0.json");
        String whole = array(extended("2020-01-10T08:00:05Z", "ABBA", "Waterloo", 2000, "fwdbtn"), extended("2020-01-10T08:00:40Z", "ABBA", "SOS", 3000, "x"));
        Files.writeString(file, whole.substring(0, whole.length() - 30));
        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), Progress.NONE);
        assertThat(summary.rows()).isZero();
        assertThat(rows("SELECT count(*) FROM source.spotify_streams")).containsExactly("0");
        assertThat(rows("SELECT line_no, reason FROM meta.quarantine"))
                .containsExactly("3 | truncated: the file ends inside the JSON array, after 1 complete records; download the export again");
    }

    /**
     * History files renamed by a download tool or a file manager (" (1)", " copy", "-1") were left
     * out of a folder without a word, and their plays with them; names further off are still not
     * read, but said so, and so is a zip inside a zip in a folder.
     */
    @Test
    void renamedHistoriesLoadAndFilesNamedAlmostSoOrZipsInZipsAreSaidToBeLeftOut() throws Exception {
        Path export = Files.createDirectories(dir.resolve("renamed/MyData"));
        Files.writeString(export.resolve("Userdata.json"), "{\"username\": \"alice\"}");
        Files.writeString(export.resolve("StreamingHistory_music_0.json"), array(twelveMonth("2020-01-10 08:00", "ABBA", "Waterloo", 5000)));
        Files.writeString(export.resolve("StreamingHistory_music_1 (1).json"), array(twelveMonth("2020-01-11 08:00", "ABBA", "SOS", 5000)));
        Files.writeString(export.resolve("StreamingHistory0 copy.json"), array(twelveMonth("2020-01-12 08:00", "ABBA", "Fernando", 5000)));
        Files.writeString(export.resolve("endsong_0-1.json"), array(extended("2020-01-13T08:00:05Z", "ABBA", "Chiquitita", 2000, "trackdone")));
        Files.writeString(export.resolve("StreamingHistory0 old.json"), array(twelveMonth("2020-01-14 08:00", "ABBA", "Dancing Queen", 5000)));
        Map<String, byte[]> inner = new LinkedHashMap<>();
        inner.put("MyData/StreamingHistory0.json", SpotifyFixtures.utf8(array(twelveMonth("2020-01-15 08:00", "ABBA", "Mamma Mia", 5000))));
        Path innerZip = dir.resolve("inner.zip");
        SpotifyFixtures.zip(innerZip, inner);
        SpotifyFixtures.zip(export.resolve("bundle.zip"), Map.of("my_spotify_data.zip", Files.readAllBytes(innerZip)));
        List<String> warnings = new ArrayList<>();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(export.getParent()), IngestOptions.DEFAULTS.withWarnings(warnings::add), Progress.NONE);
        assertThat(rows("SELECT track_name FROM source.spotify_streams ORDER BY track_name")).containsExactly("Chiquitita", "Fernando", "SOS", "Waterloo");
        assertThat(warnings).containsExactlyInAnyOrder(
                "1 file(s) named almost as Spotify names its histories are not read, such as '" + export.resolve("StreamingHistory0 old.json")
                        + "': give them their names as downloaded (StreamingHistory_music_1.json, endsong_2.json, Streaming_History_Audio_2023_5.json), then ingest again",
                "zip '" + export.resolve("bundle.zip") + "' holds a zip, 'my_spotify_data.zip', which is not read: extract that zip and ingest what it holds");
    }

    /**
     * A zip of two listeners' exports (a folder each, each with its Userdata.json) gave every
     * 12-month play the name of the last identity file in the zip; and an identity file without a
     * username (Identity.json, which sorts first) hid the Userdata.json beside it.
     */
    @Test
    void eachFolderOfAZipIsItsOwnIdentityFilesListenerAndAnIdentityFileWithoutAUsernameNamesNone() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("alice/MyData/Identity.json", SpotifyFixtures.utf8("{\"displayName\": \"Alice A.\"}"));
        entries.put("alice/MyData/Userdata.json", SpotifyFixtures.utf8("{\"username\": \"alice\"}"));
        entries.put("alice/MyData/StreamingHistory_music_0.json", SpotifyFixtures.utf8(array(twelveMonth("2020-01-10 08:00", "Alice Band", "A", 5000))));
        entries.put("bob/MyData/Userdata.json", SpotifyFixtures.utf8("{\"username\": \"bob\"}"));
        entries.put("bob/MyData/StreamingHistory_music_0.json", SpotifyFixtures.utf8(array(twelveMonth("2020-01-10 09:00", "Bob Band", "B", 5000))));
        Path zip = dir.resolve("exports.zip");
        SpotifyFixtures.zip(zip, entries);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(zip), Progress.NONE);
        assertThat(rows("SELECT listener || ' ' || artist_name FROM source.spotify_streams ORDER BY 1")).containsExactly("alice Alice Band", "bob Bob Band");

        Path folder = Files.createDirectories(dir.resolve("carol/MyData"));
        Files.writeString(folder.resolve("Identity.json"), "{\"displayName\": \"Carol C.\"}");
        Files.writeString(folder.resolve("Userdata.json"), "{\"username\": \"carol\"}");
        Files.writeString(folder.resolve("StreamingHistory_music_0.json"), array(twelveMonth("2020-01-10 10:00", "Carol Band", "C", 5000)));
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(folder.getParent()), Progress.NONE);
        assertThat(rows("SELECT listener FROM source.spotify_streams WHERE artist_name = 'Carol Band'")).containsExactly("carol");
    }

    /** Userdata.json named "Alice" and the extended records "alice": two listeners, silently, and the 12-month play not upgraded. */
    @Test
    void anExportWhoseIdentityFileAndRecordsNameDifferentListenersIsWarnedOf() throws Exception {
        Path export = Files.createDirectories(dir.resolve("mixed/MyData"));
        Files.writeString(export.resolve("Userdata.json"), "{\"username\": \"Alice\"}");
        Files.writeString(export.resolve("StreamingHistory_music_0.json"), array(twelveMonth("2020-01-10 08:00", "ABBA", "Waterloo", 5000)));
        Files.writeString(export.resolve("endsong_0.json"), array(extended("2020-01-10T08:00:05Z", "ABBA", "Waterloo", 5000, "trackdone")));
        Files.writeString(export.resolve("endsong_1.json"), array(extended("2020-01-11T08:00:05Z", "ABBA", "SOS", 5000, "trackdone")));
        List<String> warnings = new ArrayList<>();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(export.getParent()), IngestOptions.DEFAULTS.withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).containsExactly("export '" + export.toAbsolutePath() + "': its identity file names listener 'Alice' and the records of"
                + " 'endsong_0.json' name 'alice': each record keeps its own username, so these are two listeners, and no 12-month play"
                + " of the one is upgraded by extended records of the other");
        assertThat(rows("SELECT DISTINCT listener FROM source.spotify_streams ORDER BY 1")).containsExactly("Alice", "alice");
    }

    /** The run reported a 12-month record and its copy from a later export's podcast file as one "upgraded", with no extended record at all. */
    @Test
    void aTwelveMonthRecordMergedWithItsCopyIsNotReportedAsUpgraded() throws Exception {
        Path old = Files.createDirectories(dir.resolve("old/MyData"));
        Files.writeString(old.resolve("Userdata.json"), "{\"username\": \"alice\"}");
        Files.writeString(old.resolve("StreamingHistory0.json"), array(twelveMonth("2020-01-10 08:00", "The Show", "Episode 1", 5000)));
        Path later = Files.createDirectories(dir.resolve("later/MyData"));
        Files.writeString(later.resolve("Userdata.json"), "{\"username\": \"alice\"}");
        Files.writeString(later.resolve("StreamingHistory_podcast_0.json"),
                "[{\"endTime\": \"2020-01-10 08:00\", \"podcastName\": \"The Show\", \"episodeName\": \"Episode 1\", \"msPlayed\": 5000}]");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(old.getParent(), later.getParent()), Progress.NONE);
        RunReport report = new Pipeline(warehouse).run();
        assertThat(rows("SELECT history FROM central.spotify_streams")).containsExactly("12-month");
        assertThat(report.spotify().upgraded()).isZero();
    }

    @Test
    void utf16AndEmptyFilesAreQuarantinedWithTheirReasonButAnEmptyHistoryIsNot() throws Exception {
        Path utf16 = dir.resolve("StreamingHistory_music_1.json");
        Files.write(utf16, "[{\"endTime\": \"2020-01-01 10:00\", \"msPlayed\": 1}]".getBytes(StandardCharsets.UTF_16LE));
        Path empty = dir.resolve("StreamingHistory_music_2.json");
        Files.writeString(empty, "[ ]");
        Path nothing = dir.resolve("StreamingHistory_music_3.json");
        Files.writeString(nothing, "");
        Path blank = dir.resolve("StreamingHistory_music_5.json");   // white space only: no array, so an empty file
        Files.writeString(blank, " \n");
        Path notJson = dir.resolve("StreamingHistory_music_4.json");
        Files.writeString(notJson, "endTime,msPlayed\n2020-01-01 10:00,1\n");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(dir), IngestOptions.DEFAULTS.withListener("alice"), Progress.NONE);
        assertThat(rows("SELECT f.name, f.status, q.line_no, q.reason FROM meta.quarantine q JOIN meta.files f ON f.file_id = q.file_id")).containsExactly(
                "StreamingHistory_music_1.json | rejected | 1 | the file is UTF-16LE, not UTF-8; convert it (iconv -f UTF-16LE -t UTF-8 FILE > NEW.json) and ingest the new file",
                "StreamingHistory_music_3.json | empty | 0 | file is empty: it holds no play record",
                "StreamingHistory_music_4.json | rejected | 1 | malformed JSON at line 1, column 9: Unrecognized token 'endTime': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                "StreamingHistory_music_5.json | empty | 0 | file is empty: it holds no play record");
        // [ ] is what Spotify writes for a kind of history there is none of (the podcast file of a
        // listener without podcasts): registered as empty, not quarantined (it was, and every
        // ordinary export said it had a rejected file).
        assertThat(rows("SELECT status, rows, quarantined FROM meta.files WHERE name = 'StreamingHistory_music_2.json'")).containsExactly("empty | 0 | 0");
    }

    @Test
    void zipEntriesThatClimbOutOrExpandTooMuchAreRefusedAndTheOthersLoad() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("MyData/Userdata.json", SpotifyFixtures.utf8("{\"username\": \"alice\"}"));
        entries.put("MyData/StreamingHistory0.json", SpotifyFixtures.utf8(array(twelveMonth("2020-01-10 08:00", "ABBA", "Waterloo", 5000))));
        entries.put("../evil/StreamingHistory1.json", SpotifyFixtures.utf8("[]"));
        entries.put("/etc/StreamingHistory2.json", SpotifyFixtures.utf8("[]"));
        byte[] bomb = new byte[4 << 20];
        Arrays.fill(bomb, (byte) ' ');
        bomb[0] = '[';
        bomb[bomb.length - 1] = ']';
        entries.put("MyData/StreamingHistory3.json", bomb);
        entries.put("MyData/ReadMeFirst.pdf", new byte[] {1, 2, 3});
        Path zip = dir.resolve("my_spotify_data.zip");
        SpotifyFixtures.zip(zip, entries);
        Path notZip = Files.writeString(dir.resolve("broken.zip"), "not a zip");

        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(zip, notZip), Progress.NONE);

        assertThat(summary.rows()).isEqualTo(1);
        assertThat(summary.rejected()).isEqualTo(4);
        assertThat(rows("SELECT path, line_no, reason FROM meta.quarantine WHERE file_id IS NULL")).containsExactly(
                notZip + " | 0 | not a readable zip archive (zip END header not found); download the export again",
                zip + "!/../evil/StreamingHistory1.json | 0 | the entry's path climbs out of the archive; refused, nothing of it was read or written",
                zip + "!//etc/StreamingHistory2.json | 0 | the entry's path climbs out of the archive; refused, nothing of it was read or written",
                zip + "!/MyData/StreamingHistory3.json | 0 | the entry expands " + (4 << 20) / compressedSize(zip, "MyData/StreamingHistory3.json")
                        + " times (to 4194304 bytes), more than JSON does; refused as a likely zip bomb");
        assertThat(Files.exists(dir.getParent().resolve("evil"))).isFalse();
        // Refused again, they are not quarantined twice.
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(zip, notZip), Progress.NONE);
        assertThat(rows("SELECT count(*) FROM meta.quarantine")).containsExactly("4");
    }

    /** A zip made with another compression method (bzip2: 12) was called unreadable, with "download the export again", which changes nothing. */
    @Test
    void aZipOfAnotherCompressionMethodSaysSoAndHowToFixIt() throws Exception {
        Path zip = dir.resolve("bzip2/my_spotify_data.zip");
        SpotifyFixtures.zip(zip, Map.of("MyData/StreamingHistory0.json", SpotifyFixtures.utf8(array(twelveMonth("2020-01-10 08:00", "ABBA", "Waterloo", 5000)))));
        byte[] bytes = Files.readAllBytes(zip);
        for (int i = 0; i + 12 < bytes.length; i++) {   // the method of the local header (offset 8) and of the central directory's entry (offset 10)
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4) {
                bytes[i + 8] = 12;
                bytes[i + 9] = 0;
            } else if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2) {
                bytes[i + 10] = 12;
                bytes[i + 11] = 0;
            }
        }
        Files.write(zip, bytes);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(zip), IngestOptions.DEFAULTS.withListener("alice"), Progress.NONE);
        assertThat(rows("SELECT reason FROM meta.quarantine")).singleElement().asString()
                .startsWith("a zip whose entries use a compression method Soundstage cannot read (")
                .endsWith("Spotify's own zips use deflate); unzip it and ingest the folder, or zip it again with the usual method");
    }

    /** An export zipped again (a zip holding the zip): the refusal says to extract the zip it holds (it said to check the download). */
    @Test
    void aZipThatHoldsTheExportZipSaysToExtractIt() throws Exception {
        Path inner = dir.resolve("nest/inner.zip");
        SpotifyFixtures.zip(inner, Map.of("MyData/StreamingHistory0.json", SpotifyFixtures.utf8(array(twelveMonth("2020-01-10 08:00", "ABBA", "Waterloo", 5000)))));
        Path outer = dir.resolve("nest/outer.zip");
        SpotifyFixtures.zip(outer, Map.of("downloads/my_spotify_data.zip", Files.readAllBytes(inner)));
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(outer), IngestOptions.DEFAULTS, Progress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage("Zip '" + outer + "' holds no Spotify streaming history: no entry is named StreamingHistory*.json, endsong_*.json, "
                        + "endvideo*.json or Streaming_History_*.json, but it holds a zip, 'downloads/my_spotify_data.zip': extract that zip and ingest it.");
    }

    /** A zip with a password: Java reads its list but no entry; the reason says how to get at the files. */
    @Test
    void aZipWithAPasswordSaysSo() throws Exception {
        Path zip = dir.resolve("locked/my_spotify_data.zip");
        SpotifyFixtures.zip(zip, Map.of("MyData/StreamingHistory0.json", SpotifyFixtures.utf8(array(twelveMonth("2020-01-10 08:00", "ABBA", "Waterloo", 5000)))));
        byte[] bytes = Files.readAllBytes(zip);
        for (int i = 0; i + 12 < bytes.length; i++) {   // the "encrypted" flag, bit 0 of the flags of the local header (offset 6) and of the central directory's entry (offset 8)
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4) {
                bytes[i + 6] |= 1;
            } else if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2) {
                bytes[i + 8] |= 1;
            }
        }
        Files.write(zip, bytes);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(zip), IngestOptions.DEFAULTS.withListener("alice"), Progress.NONE);
        assertThat(rows("SELECT reason FROM meta.quarantine")).singleElement().asString()
                .startsWith("a zip protected by a password (").endsWith("); unzip it with its password and ingest the folder");
    }

    /** Zip tools of Windows and Info-ZIP write names such as "Müsik/" in IBM 437, without the UTF-8 flag: read (it was refused whole, "download the export again"). */
    @Test
    void aZipWhoseEntryNamesAreNotUtf8IsRead() throws Exception {
        Path zip = dir.resolve("latin/my_spotify_data.zip");
        Files.createDirectories(zip.getParent());
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip), java.nio.charset.Charset.forName("IBM437"))) {
            out.putNextEntry(new java.util.zip.ZipEntry("M\u00fcsik/endsong_0.json"));
            out.write(SpotifyFixtures.utf8("[" + extended("2020-02-01T09:30:59Z", "ABBA", "SOS", 180000, "trackdone") + "]"));
            out.closeEntry();
        }
        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(zip), IngestOptions.DEFAULTS, Progress.NONE);
        assertThat(summary.rows()).isEqualTo(1);
        assertThat(rows("SELECT count(*) FROM meta.quarantine")).containsExactly("0");
        assertThat(rows("SELECT path FROM meta.files")).containsExactly(zip + "!/M\u00fcsik/endsong_0.json");
    }

    /** A compressed file named directly is refused with the command that decompresses it (its records were quarantined as malformed JSON); a zip under another name is read as the zip it is. */
    @Test
    void aCompressedHistoryFileIsRefusedAndAZipUnderAnotherNameIsRead() throws Exception {
        Path gz = dir.resolve("packed/endsong_0.json.gz");
        Files.createDirectories(gz.getParent());
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(SpotifyFixtures.utf8("[" + extended("2020-02-01T09:30:59Z", "ABBA", "SOS", 180000, "trackdone") + "]"));
        }
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(gz), IngestOptions.DEFAULTS, Progress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage("File '" + gz + "' is compressed (gzip): decompress it first (for example gunzip -k '" + gz + "'), then ingest the file it gives.");
        Path renamed = dir.resolve("packed/export.json");
        SpotifyFixtures.zip(renamed, Map.of("MyData/endsong_0.json",
                SpotifyFixtures.utf8("[" + extended("2020-02-01T09:30:59Z", "ABBA", "SOS", 180000, "trackdone") + "]")));
        assertThat(warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(renamed), IngestOptions.DEFAULTS, Progress.NONE).rows()).isEqualTo(1);
    }

    /**
     * One --listener for a folder of several listeners' exports (a folder each) whose records name
     * no one made them all one listener, silently (and their plays counted twice where the
     * histories overlapped): refused, nothing loaded; one folder at a time loads.
     */
    @Test
    void oneListenerForSeveralExportsThatNameNoOneIsRefused() throws Exception {
        String record = "[{\"ts\":\"2024-01-01T10:00:00Z\",\"ms_played\":1000,\"master_metadata_track_name\":\"%s\",\"master_metadata_album_artist_name\":\"A\"}]";
        Path first = dir.resolve("many/ann/my_spotify_data.zip");
        SpotifyFixtures.zip(first, Map.of("Spotify Extended Streaming History/Streaming_History_Audio_2024_0.json", SpotifyFixtures.utf8(String.format(record, "X"))));
        Path second = dir.resolve("many/ben/my_spotify_data.zip");
        SpotifyFixtures.zip(second, Map.of("Spotify Extended Streaming History/Streaming_History_Audio_2024_0.json", SpotifyFixtures.utf8(String.format(record, "Y"))));
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(dir.resolve("many")), IngestOptions.DEFAULTS.withListener("zed"), Progress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage("--listener zed would be the listener of exports in 2 folders whose records name none ('" + first.getParent() + "', '"
                        + second.getParent() + "'), as if they were one listener's: ingest each folder on its own, with its listener's --listener "
                        + "(the same name if they are one listener's).");
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(dir.resolve("many")),
                IngestOptions.DEFAULTS.withListener("zed", "sources.many.listener"), Progress.NONE))
                .hasMessageStartingWith("sources.many.listener zed would be the listener of exports in 2 folders")
                .hasMessageEndingWith("make each folder a source of its own, with its listener's listener: (the same name if they are one listener's).");
        assertThat(rows("SELECT count(*) FROM meta.files")).containsExactly("0");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(first), IngestOptions.DEFAULTS.withListener("ann"), Progress.NONE);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(second), IngestOptions.DEFAULTS.withListener("ben"), Progress.NONE);
        assertThat(rows("SELECT listener, count(*) FROM source.spotify_streams GROUP BY listener ORDER BY listener")).containsExactly("ann | 1", "ben | 1");
    }

    /**
     * One person's account data (its Userdata.json names "bob_sp1") and newest extended history (no
     * username anywhere), ingested together with --listener bob, became two listeners, silently, and
     * the play of both histories counted twice: said, naming both files and the name to give. Not
     * refused: two people's exports side by side look the same and are right (a review found the
     * first version of this, a refusal, refused them).
     */
    @Test
    void aListenerOtherThanOneTheOtherExportsNameIsSaid() throws Exception {
        Path account = Files.createDirectories(dir.resolve("bob/acc/MyData"));
        Files.writeString(account.resolve("StreamingHistory_music_0.json"), array(twelveMonth("2024-02-01 08:30", "ABBA", "SOS", 180000)));
        Files.writeString(account.resolve("Userdata.json"), "{\"username\":\"bob_sp1\"}");
        Path extended = Files.createDirectories(dir.resolve("bob/ext/Spotify Extended Streaming History")).resolve("Streaming_History_Audio_2024_0.json");
        Files.writeString(extended, "[{\"ts\":\"2024-02-01T08:30:41Z\",\"platform\":\"ios\",\"ms_played\":180000,"
                + "\"master_metadata_track_name\":\"SOS\",\"master_metadata_album_artist_name\":\"ABBA\"}]");
        List<String> warnings = new ArrayList<>();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(dir.resolve("bob")), IngestOptions.DEFAULTS.withListener("bob").withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).containsExactly("--listener bob names the records of '" + extended + "', which name no listener, while '"
                + account.resolve("StreamingHistory_music_0.json") + "' of the same ingest names listener 'bob_sp1': if they are one person's exports, "
                + "that person is now two listeners and their plays count twice (give such exports --listener bob_sp1); if two people's, all is well");

        // With the name the account data gives, one listener and no word.
        Warehouse again = fresh();
        warnings.clear();
        again.ingest(FileKind.SPOTIFY_EXPORT, List.of(dir.resolve("bob")), IngestOptions.DEFAULTS.withListener("bob_sp1").withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).isEmpty();
        assertThat(TableDump.of(again.connection(), "SELECT DISTINCT listener FROM source.spotify_streams")).containsExactly("listener", "bob_sp1");
    }

    /** A --listener given again to correct a misspelt one was ignored without a word (the files were duplicates): said, with the name kept. */
    @Test
    void aListenerGivenAgainForFilesLoadedBeforeIsSaidNotToBeUsed() throws Exception {
        Path history = Files.createDirectories(dir.resolve("dora")).resolve("Streaming_History_Audio_2024_0.json");
        Files.writeString(history, "[{\"ts\":\"2024-02-01T08:30:41Z\",\"ms_played\":180000,\"master_metadata_track_name\":\"SOS\"}]");
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(history.getParent()), IngestOptions.DEFAULTS.withListener("dorra"), Progress.NONE);
        List<String> warnings = new ArrayList<>();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(history.getParent()), IngestOptions.DEFAULTS.withListener("dora").withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).containsExactly("--listener dora is not used for 1 file loaded before: a file is loaded once, and its records keep the listener "
                + "they were loaded with ('dorra')");
        assertThat(rows("SELECT DISTINCT listener FROM source.spotify_streams")).containsExactly("dorra");
        warnings.clear();
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(history.getParent()), IngestOptions.DEFAULTS.withListener("dorra").withWarnings(warnings::add), Progress.NONE);
        assertThat(warnings).as("the same name again").isEmpty();
    }

    /** Two entries of one name are two files: each read by its position, neither taken for the other. */
    @Test
    void zipEntriesOfTheSameNameAreEachReadForThemselves() throws Exception {
        Path zip = dir.resolve("repeated.zip");
        String name = "MyData/StreamingHistory0.json";
        SpotifyFixtures.zipOfOneName(zip, name, List.of(
                SpotifyFixtures.utf8(array(twelveMonth("2020-01-10 08:00", "ABBA", "Waterloo", 5000))),
                SpotifyFixtures.utf8(array(twelveMonth("2020-02-01 09:30", "ABBA", "SOS", 180000), twelveMonth("2020-03-01 10:00", "ABBA", "Fernando", 240000)))));
        // As the defect was found: of equal sizes too (both hashed as the second's content).
        Path equal = dir.resolve("equal.zip");
        SpotifyFixtures.zipOfOneName(equal, name, List.of(
                SpotifyFixtures.utf8(array(twelveMonth("2020-04-10 08:00", "ABBA", "Waterloo", 5000))),
                SpotifyFixtures.utf8(array(twelveMonth("2020-04-10 08:00", "ABBA", "Waterloo", 6000)))));

        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(zip, equal), IngestOptions.DEFAULTS.withListener("alice"), Progress.NONE);

        assertThat(summary.rows()).isEqualTo(5);
        assertThat(rows("SELECT path, status, rows FROM meta.files")).containsExactly(
                equal + "!/" + name + " (entry 1 of the zip) | loaded | 1",
                equal + "!/" + name + " (entry 2 of the zip) | loaded | 1",
                zip + "!/" + name + " (entry 1 of the zip) | loaded | 1",
                zip + "!/" + name + " (entry 2 of the zip) | loaded | 2");
        assertThat(rows("SELECT track_name, ms_played FROM source.spotify_streams")).containsExactly(
                "Fernando | 240000", "SOS | 180000", "Waterloo | 5000", "Waterloo | 5000", "Waterloo | 6000");
        assertThat(rows("SELECT count(*) FROM meta.quarantine")).containsExactly("0");
    }

    /**
     * Entries of one name in zips laid out as other writers lay them out (Python's zipfile reads
     * all three): stored entries followed by data descriptors, as streaming zip writers write them;
     * 100 bytes before the zip, as in self-extracting archives; a central directory in another
     * order than the entries it lists. Each entry is read at its own offset.
     */
    @Test
    void zipEntriesOfOneNameAreReadWhateverTheZipsLayout() throws Exception {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("stored_dd.zip", List.of("(entry 1 of the zip) | loaded | 2", "(entry 2 of the zip) | loaded | 3"));
        expected.put("cdorder.zip", List.of("(entry 1 of the zip) | loaded | 30", "(entry 2 of the zip) | loaded | 2"));
        // Entry 3 holds entry 1 again, and the fourth (of another name) entry 2.
        expected.put("pre.zip", List.of("(entry 1 of the zip) | loaded | 3", "(entry 2 of the zip) | loaded | 4", "(entry 3 of the zip) | duplicate",
                "udio_2022_other.json | duplicate"));
        for (Map.Entry<String, List<String>> zip : expected.entrySet()) {
            Path file = dir.resolve(zip.getKey());
            try (InputStream in = BaseSpotifyTest.class.getResourceAsStream("/soundstage/testing/zips/" + zip.getKey())) {
                Files.copy(in, file);
            }
            warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), Progress.NONE);
            assertThat(rows("SELECT right(path, 20), status, CASE WHEN status = 'loaded' THEN CAST(rows AS VARCHAR) END FROM meta.files WHERE path LIKE '"
                    + file + "%'").stream().map(row -> row.replace(" | ∅", "")).toList()).as(zip.getKey()).isEqualTo(zip.getValue());
        }
        assertThat(rows("SELECT count(*) FROM meta.quarantine")).containsExactly("0");
        assertThat(rows("SELECT count(*) FROM source.spotify_streams")).containsExactly(String.valueOf(2 + 3 + 30 + 2 + 3 + 4));
    }

    private static long compressedSize(Path zip, String entry) throws IOException {
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            return file.getEntry(entry).getCompressedSize();
        }
    }

    @Test
    void aFolderTakesZipsAndStreamingHistoryAndLeavesOtherExportFilesAlone() throws Exception {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("fixtures"));
        Files.writeString(fixtures.resolve("alice/extended/Playlist1.json"), "{}");
        IngestSummary summary = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(fixtures.resolve("alice")), Progress.NONE);
        assertThat(rows("SELECT name, status, rows FROM meta.files")).containsExactly(
                "StreamingHistory_music_0.json | loaded | 3",
                "StreamingHistory_podcast_0.json | loaded | 1",
                "endsong_0.json | loaded | 3");
        assertThat(summary.files()).isEqualTo(4);   // and the refused entry
        assertThat(rows("SELECT DISTINCT listener FROM source.spotify_streams")).containsExactly("alice");
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> dump = TableDump.of(warehouse.connection(), sql);
        return dump.subList(1, dump.size());
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
