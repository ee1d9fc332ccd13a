package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static soundstage.cli.Cli.row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the hand-written fixtures: ingest the songs, ingest the events (log_data and the
 * bad files), run; then every row the run made is read back.
 */
class TestSparkifyFixtures {
    private static final String KAYLEE_AGENT = "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36";
    private static final String RYAN_AGENT = "Mozilla/5.0 (X11; Linux x86_64)";
    private static final String PHOENIX = "Phoenix-Mesa-Scottsdale, AZ";
    private static final String SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA";
    private static final String STAGED_EVENT_COLUMNS = "event_id, file_id, line_no, ts, start_time, user_id, first_name, last_name, gender, level, "
            + "auth, page, method, status, session_id, item_in_session, artist, song, length, location, user_agent, registration, repaired";

    @TempDir
    static Path dir;
    static Path data;
    static Path warehouse;
    static Cli.Result songs;
    static Cli.Result events;
    static Cli.Result run;

    @BeforeAll
    static void ingestAndRun() throws IOException {
        data = Cli.copyFixtures(dir.resolve("data"));
        warehouse = dir.resolve("w.duckdb");
        songs = Cli.run("ingest", "--warehouse", warehouse, "sparkify-songs", data.resolve("song_data"));
        events = Cli.run("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"),
                data.resolve("bad/bad-events.json"), data.resolve("bad/empty.json"), data.resolve("bad/not-json.csv"));
        run = Cli.run("run", "-w", warehouse);
    }

    private static String path(String relative) {
        return data.resolve(relative).toString();
    }

    private static List<List<String>> rows(String sql) throws SQLException {
        return Cli.rows(warehouse, sql);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void ingestingTheSongsPrintsOneSummaryLine() {
        assertThat(songs.exitCode()).as("%s", songs).isZero();
        assertThat(songs.outLinesWithoutTimes()).containsExactly(
                "sparkify-songs: 2 files (2 loaded, 0 rejected, 0 duplicates of files already loaded), 4 rows loaded, 0 quarantined, 0.0 MB in T s");
        assertThat(songs.err()).isEqualTo("soundstage: warning: " + data.resolve("song_data/A/B/D/TRABDMANY.json")
                + ": keys Soundstage does not know (genre) are kept in source.sparkify_songs.raw; the known keys are loaded" + System.lineSeparator());
    }

    @Test
    void ingestingTheEventsPrintsTheSummaryAndWhereTheQuarantineIs() {
        assertThat(events.exitCode()).as("%s", events).isZero();
        assertThat(events.outLinesWithoutTimes()).containsExactly(
                "sparkify-events: 5 files (3 loaded, 2 rejected, 0 duplicates of files already loaded), 13 rows loaded, 11 quarantined, 0.0 MB in T s",
                "  11 rows quarantined; see them with: soundstage sql -w " + warehouse + " \"SELECT path, line_no, reason FROM meta.quarantine ORDER BY path, line_no\"");
        assertThat(events.err()).isEqualTo("soundstage: warning: " + data.resolve("bad/bad-events.json")
                + ": keys Soundstage does not know (experiment) are kept in source.sparkify_events.raw; the known keys are loaded" + System.lineSeparator());
    }

    @Test
    void theRunPrintsItsSummaryAndEveryCheckAndPasses() {
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.outLinesWithoutTimes()).containsExactly(
                "run 3: 5 files transformed, 7 new events (6 duplicates dropped), 4 songs, 2 names repaired, 4 songplays in analytics, T s",
                "status | check                      | blocking | detail",
                "-------+----------------------------+----------+------------------------------------------------------------------------------------------------------------------------------",
                "pass   | albums_key                 | yes      | 0 null, 0 duplicate of 0 rows",
                "pass   | artists_key                | yes      | 0 null, 0 duplicate of 3 rows",
                "pass   | dimension_keys_exist       | yes      | not in their table: 0 song_id, 0 artist_id, 0 episode_id of songplays, 0 album_id of songs",
                "pass   | episodes_key               | yes      | 0 null, 0 duplicate of 0 rows",
                "pass   | nextsong_exactly_once      | yes      | 0 events without a songplay, 0 songplays without an event, 0 repeated",
                "pass   | song_match_rate            | no       | 75.0% of 4 Sparkify songplays matched a catalogue song (3); 0 near misses",
                "pass   | songplays_key              | yes      | 0 null, 0 duplicate of 4 rows",
                "pass   | songplays_time_exists      | yes      | 0 songplays without a time row",
                "pass   | songplays_user_exists      | yes      | 0 songplays without a known user",
                "pass   | songs_key                  | yes      | 0 null, 0 duplicate of 4 rows",
                "pass   | spotify_plays_exactly_once | yes      | 0 plays without a songplay, 0 songplays without a play, 0 repeated songplays, 0 repeated plays, 0 staged plays not in central",
                "pass   | spotify_plays_unique       | yes      | 0 repeated ids of 0 staged plays",
                "pass   | spotify_upgrades_done      | yes      | 0 of 0 12-month records have an extended record in their minute; 0 extended and 0 12-month records repeat a play",
                "pass   | spotify_user_ids_distinct  | yes      | 0 user_ids shared, of 0 listeners",
                "pass   | staged_events_unique       | yes      | 0 repeated events of 7",
                "pass   | time_key                   | yes      | 0 null, 0 duplicate of 4 rows",
                "pass   | users_key                  | yes      | 0 null, 0 duplicate of 2 rows",
                Cli.ALL_CHECKS_PASSED);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyCheckResultIsStoredUnderTheRun() throws SQLException {
        assertThat(rows("SELECT run_id, name, blocking, failures, status FROM meta.check_results ORDER BY run_id, name")).containsExactly(
                row("3", "albums_key", "true", "0", "pass"),
                row("3", "artists_key", "true", "0", "pass"),
                row("3", "dimension_keys_exist", "true", "0", "pass"),
                row("3", "episodes_key", "true", "0", "pass"),
                row("3", "nextsong_exactly_once", "true", "0", "pass"),
                row("3", "song_match_rate", "false", "0", "pass"),
                row("3", "songplays_key", "true", "0", "pass"),
                row("3", "songplays_time_exists", "true", "0", "pass"),
                row("3", "songplays_user_exists", "true", "0", "pass"),
                row("3", "songs_key", "true", "0", "pass"),
                row("3", "spotify_plays_exactly_once", "true", "0", "pass"),
                row("3", "spotify_plays_unique", "true", "0", "pass"),
                row("3", "spotify_upgrades_done", "true", "0", "pass"),
                row("3", "spotify_user_ids_distinct", "true", "0", "pass"),
                row("3", "staged_events_unique", "true", "0", "pass"),
                row("3", "time_key", "true", "0", "pass"),
                row("3", "users_key", "true", "0", "pass"));
    }

    @Test
    void everyCommandIsLoggedAsARun() throws SQLException {
        assertThat(rows("SELECT run_id, command, status, detail, finished_at >= started_at FROM meta.runs ORDER BY run_id"))
                .extracting(r -> row(r.get(0), r.get(1), r.get(2), Cli.withoutTimes(r.get(3)), r.get(4)))
                .containsExactly(
                        row("1", "ingest sparkify-songs", "succeeded",
                                "sparkify-songs: 2 files (2 loaded, 0 rejected, 0 duplicates of files already loaded), 4 rows loaded, 0 quarantined, 0.0 MB in T s", "true"),
                        row("2", "ingest sparkify-events", "succeeded",
                                "sparkify-events: 5 files (3 loaded, 2 rejected, 0 duplicates of files already loaded), 13 rows loaded, 11 quarantined, 0.0 MB in T s", "true"),
                        row("3", "run", "succeeded", "34 tasks succeeded", "true"));
    }

    @Test
    void everyFileIsRegisteredWithItsContentHashAndStatus() throws Exception {
        assertThat(rows("SELECT * EXCLUDE (loaded_at) FROM meta.files ORDER BY file_id")).containsExactly(
                row("1", "sparkify-songs", path("song_data/A/B/C/TRABCEI128F424C983.json"), "TRABCEI128F424C983.json", "254",
                        sha256(data.resolve("song_data/A/B/C/TRABCEI128F424C983.json")), "loaded", null, "1", "0", "3"),
                row("2", "sparkify-songs", path("song_data/A/B/D/TRABDMANY.json"), "TRABDMANY.json", "795",
                        sha256(data.resolve("song_data/A/B/D/TRABDMANY.json")), "loaded", null, "3", "0", "3"),
                row("3", "sparkify-events", path("bad/bad-events.json"), "bad-events.json", "790",
                        sha256(data.resolve("bad/bad-events.json")), "loaded", null, "1", "8", "3"),
                row("4", "sparkify-events", path("bad/empty.json"), "empty.json", "0",
                        sha256(data.resolve("bad/empty.json")), "empty", null, "0", "1", null),
                row("5", "sparkify-events", path("bad/not-json.csv"), "not-json.csv", "14",
                        sha256(data.resolve("bad/not-json.csv")), "rejected", null, "0", "2", null),
                row("6", "sparkify-events", path("log_data/2018/11/2018-11-01-events-crlf.json"), "2018-11-01-events-crlf.json", "2524",
                        sha256(data.resolve("log_data/2018/11/2018-11-01-events-crlf.json")), "loaded", null, "6", "0", "3"),
                row("7", "sparkify-events", path("log_data/2018/11/2018-11-01-events.json"), "2018-11-01-events.json", "2518",
                        sha256(data.resolve("log_data/2018/11/2018-11-01-events.json")), "loaded", null, "6", "0", "3"));
    }

    @Test
    void everyBadLineIsQuarantinedWithFileLineReasonAndText() throws Exception {
        List<String> bad = Files.readAllLines(data.resolve("bad/bad-events.json"), StandardCharsets.UTF_8);
        String badEvents = path("bad/bad-events.json");
        assertThat(rows("SELECT file_id, path, line_no, reason, raw FROM meta.quarantine ORDER BY path, line_no")).containsExactly(
                row("3", badEvents, "2", "malformed JSON: the line is not a JSON object", bad.get(1)),
                row("3", badEvents, "3", "ts is not an integer of epoch milliseconds: yesterday", bad.get(2)),
                row("3", badEvents, "4", "required field page is missing or empty", bad.get(3)),
                row("3", badEvents, "5", "userId is not an integer: abc", bad.get(4)),
                row("3", badEvents, "6", "NextSong event without a userId", bad.get(5)),
                row("3", badEvents, "7", "malformed JSON: the line is not a JSON object", "this is not JSON at all"),
                row("3", badEvents, "8", "malformed JSON: the line is not a JSON object", "[1, 2, 3]"),
                row("3", badEvents, "9", "sessionId is not an integer: one", bad.get(8)),
                row("4", path("bad/empty.json"), "0", "file is empty: it holds no JSON line", null),
                row("5", path("bad/not-json.csv"), "1", "malformed JSON: the line is not a JSON object", "col1,col2"),
                row("5", path("bad/not-json.csv"), "2", "malformed JSON: the line is not a JSON object", "1,2"));
    }

    @Test
    void theSourceLayerKeepsTheTextAsRead() throws SQLException {
        assertThat(rows("SELECT file_id, line_no, artist, song, user_agent, user_id FROM source.sparkify_events "
                + "WHERE file_id = 7 AND page = 'NextSong' ORDER BY line_no")).containsExactly(
                row("7", "2", "Casual", "I Didn't Mean To", "\"" + KAYLEE_AGENT + "\"", "8"),
                row("7", "3", "BjÃ¶rk", "JÃ³ga", "\"" + KAYLEE_AGENT + "\"", "8"),
                row("7", "6", "Des'ree", "You Gotta Be", "\"" + KAYLEE_AGENT + "\"", "8"),
                row("7", "7", "Björk", "Jóga", RYAN_AGENT, "26"));
        assertThat(rows("SELECT file_id, line_no, song_id, artist_name, title, year, raw IS NOT NULL FROM source.sparkify_songs ORDER BY file_id, line_no"))
                .containsExactly(
                        row("1", "1", "SOUPIRU12A6D4FA1E1", "Line Renaud", "Der Kleine Dompfaff", "0", "false"),
                        row("2", "1", "SOJOGAA12A8C13C480", "BjÃ¶rk", "JÃ³ga", "1997", "false"),
                        row("2", "2", "SOMZWCG12A8C13C480", "Casual", "I Didn't Mean To", "0", "false"),
                        row("2", "3", "SOTWINS12A8C13C481", "Casual", "Twins", "2001", "true"));
    }

    @Test
    void everyEventIsStagedOnceCleanedWithTheLineageOfItsFirstCopy() throws SQLException {
        assertThat(rows("SELECT " + STAGED_EVENT_COLUMNS + " FROM staging.sparkify_events ORDER BY event_id")).containsExactly(
                row("3000000001", "3", "1", "1541109316796", "2018-11-01 21:55:16.796", "26", "Ryan", "Smith", "M", "free", "Logged In", "Home",
                        "GET", "200", "169", "1", null, null, null, SAN_JOSE, null, "1541016707796", "false"),
                row("6000000001", "6", "1", "1541105830796", "2018-11-01 20:57:10.796", null, null, null, null, "free", "Logged Out", "Home",
                        "GET", "200", "52", "0", null, null, null, null, null, null, "false"),
                row("6000000002", "6", "2", "1541106106796", "2018-11-01 21:01:46.796", "8", "Kaylee", "Summers", "F", "free", "Logged In", "NextSong",
                        "PUT", "200", "52", "1", "Casual", "I Didn't Mean To", "218.93179", PHOENIX, KAYLEE_AGENT, "1540344794796", "false"),
                row("6000000003", "6", "3", "1541106325796", "2018-11-01 21:05:25.796", "8", "Kaylee", "Summers", "F", "free", "Logged In", "NextSong",
                        "PUT", "200", "52", "2", "Björk", "Jóga", "305.7024", PHOENIX, KAYLEE_AGENT, "1540344794796", "true"),
                row("6000000004", "6", "4", "1541106631796", "2018-11-01 21:10:31.796", "8", "Kaylee", "Summers", "F", "free", "Logged In", "Submit Upgrade",
                        "PUT", "307", "52", "3", null, null, null, PHOENIX, KAYLEE_AGENT, "1540344794796", "false"),
                row("6000000006", "6", "6", "1541106632796", "2018-11-01 21:10:32.796", "8", "Kaylee", "Summers", "F", "paid", "Logged In", "NextSong",
                        "PUT", "200", "52", "4", "Des'ree", "You Gotta Be", "246.30812", PHOENIX, KAYLEE_AGENT, "1540344794796", "false"),
                row("6000000007", "6", "7", "1541109015796", "2018-11-01 21:50:15.796", "26", "Ryan", "Smith", "M", "free", "Logged In", "NextSong",
                        "PUT", "200", "169", "0", "Björk", "Jóga", "305.7024", SAN_JOSE, RYAN_AGENT, "1541016707796", "false"));
    }

    @Test
    void theSecondCopyOfTheEventsAddedNoStagedEventsButItsFileIsLoaded() throws SQLException {
        // The CRLF file sorts first ('-' before '.'), so the LF file holds the second copies.
        assertThat(rows("SELECT f.file_id, f.name, f.status, f.rows, f.transformed_run_id, count(e.event_id) FROM meta.files f "
                + "LEFT JOIN staging.sparkify_events e USING (file_id) WHERE f.path LIKE '%log_data%' GROUP BY ALL ORDER BY f.file_id"))
                .containsExactly(
                        row("6", "2018-11-01-events-crlf.json", "loaded", "6", "3", "6"),
                        row("7", "2018-11-01-events.json", "loaded", "6", "3", "0"));
    }

    @Test
    void songplaysAreTheNextSongEventsWithTheirMatches() throws SQLException {
        // After the classic columns: no episode, music, ms_played from the length, and no Spotify details.
        assertThat(rows("SELECT * FROM analytics.songplays ORDER BY songplay_id")).containsExactly(
                row("6000000002", "2018-11-01 21:01:46.796", "8", "free", "SOMZWCG12A8C13C480", "ARD7TVE1187B99BFB1", "52", PHOENIX, KAYLEE_AGENT,
                        "I Didn't Mean To", "Casual", "218.93179", "sparkify", "6", "2",
                        null, "music", "218932", null, null, null, null, null, null, null, null),
                row("6000000003", "2018-11-01 21:05:25.796", "8", "free", "SOJOGAA12A8C13C480", "ARBJORK1187B98C9F8", "52", PHOENIX, KAYLEE_AGENT,
                        "Jóga", "Björk", "305.7024", "sparkify", "6", "3",
                        null, "music", "305702", null, null, null, null, null, null, null, null),
                row("6000000006", "2018-11-01 21:10:32.796", "8", "paid", null, null, "52", PHOENIX, KAYLEE_AGENT,
                        "You Gotta Be", "Des'ree", "246.30812", "sparkify", "6", "6",
                        null, "music", "246308", null, null, null, null, null, null, null, null),
                row("6000000007", "2018-11-01 21:50:15.796", "26", "free", "SOJOGAA12A8C13C480", "ARBJORK1187B98C9F8", "169", SAN_JOSE, RYAN_AGENT,
                        "Jóga", "Björk", "305.7024", "sparkify", "6", "7",
                        null, "music", "305702", null, null, null, null, null, null, null, null));
    }

    @Test
    void songplayIdIsTheLineageOfTheFirstCopy() throws SQLException {
        assertThat(rows("SELECT count(*), count(*) FILTER (WHERE songplay_id = CAST(file_id AS BIGINT) * 1000000000 + line_no) FROM analytics.songplays"))
                .containsExactly(row("4", "4"));
    }

    @Test
    void usersHaveTheLevelOfTheirLatestEvent() throws SQLException {
        assertThat(rows("SELECT * FROM analytics.users ORDER BY user_id")).containsExactly(
                row("8", "Kaylee", "Summers", "F", "paid", null, "sparkify"),
                row("26", "Ryan", "Smith", "M", "free", null, "sparkify"));
    }

    @Test
    void songsHaveRepairedNamesAndYearZeroIsUnknown() throws SQLException {
        assertThat(rows("SELECT * FROM analytics.songs ORDER BY song_id")).containsExactly(
                row("SOJOGAA12A8C13C480", "Jóga", "ARBJORK1187B98C9F8", "1997", "305.7024", null),
                row("SOMZWCG12A8C13C480", "I Didn't Mean To", "ARD7TVE1187B99BFB1", null, "218.93179", null),
                row("SOTWINS12A8C13C481", "Twins", "ARD7TVE1187B99BFB1", "2001", "200.0", null),
                row("SOUPIRU12A6D4FA1E1", "Der Kleine Dompfaff", "ARJIE2Y1187B994AB7", null, "152.92036", null));
    }

    @Test
    void stagedSongsRecordWhichNamesWereRepaired() throws SQLException {
        assertThat(rows("SELECT song_id, artist_name, title, artist_location, file_id, line_no, repaired FROM staging.sparkify_songs ORDER BY song_id"))
                .containsExactly(
                        row("SOJOGAA12A8C13C480", "Björk", "Jóga", "Reykjavik, Iceland", "2", "1", "true"),
                        row("SOMZWCG12A8C13C480", "Casual", "I Didn't Mean To", "California - LA", "2", "2", "false"),
                        row("SOTWINS12A8C13C481", "Casual", "Twins", null, "2", "3", "false"),
                        row("SOUPIRU12A6D4FA1E1", "Line Renaud", "Der Kleine Dompfaff", null, "1", "1", "false"));
    }

    @Test
    void artistsTakeEachAttributeFromTheLatestSongThatHasIt() throws SQLException {
        // Casual: the location only in song 2 (line 2), the coordinates only in song 3 (line 3).
        assertThat(rows("SELECT * FROM analytics.artists ORDER BY artist_id")).containsExactly(
                row("ARBJORK1187B98C9F8", "Björk", "Reykjavik, Iceland", "64.13548", "-21.89541"),
                row("ARD7TVE1187B99BFB1", "Casual", "California - LA", "34.05349", "-118.24532"),
                row("ARJIE2Y1187B994AB7", "Line Renaud", null, null, null));
    }

    @Test
    void timeBreaksEachStartTimeIntoPartsWithMondayAsZero() throws SQLException {
        // 2018-11-01 is a Thursday in ISO week 44.
        assertThat(rows("SELECT * FROM analytics.time ORDER BY start_time")).containsExactly(
                row("2018-11-01 21:01:46.796", "21", "1", "44", "11", "2018", "3"),
                row("2018-11-01 21:05:25.796", "21", "1", "44", "11", "2018", "3"),
                row("2018-11-01 21:10:32.796", "21", "1", "44", "11", "2018", "3"),
                row("2018-11-01 21:50:15.796", "21", "1", "44", "11", "2018", "3"));
    }

    @Test
    void theMojibakeNamesAreRepairedAndThePlayMatchesTheSong() throws SQLException {
        assertThat(rows("SELECT songplay_id, artist_name, song_title, song_id FROM analytics.songplays WHERE artist_name LIKE 'Bj%' ORDER BY songplay_id"))
                .containsExactly(
                        row("6000000003", "Björk", "Jóga", "SOJOGAA12A8C13C480"),
                        row("6000000007", "Björk", "Jóga", "SOJOGAA12A8C13C480"));
        assertThat(rows("SELECT count(*) FROM analytics.songplays WHERE artist_name LIKE '%Ã%' OR song_title LIKE '%Ã%'")).containsExactly(row("0"));
    }

    @Test
    void userAgentsLoseTheirLiteralQuotes() throws SQLException {
        assertThat(rows("SELECT DISTINCT user_agent FROM analytics.songplays ORDER BY 1")).containsExactly(row(KAYLEE_AGENT), row(RYAN_AGENT));
        assertThat(rows("SELECT count(*) FROM staging.sparkify_events WHERE contains(user_agent, '\"')")).containsExactly(row("0"));
    }

    @Test
    void theUpgradeIsALevelChange() throws SQLException {
        assertThat(rows("SELECT * FROM dashboard.level_changes ORDER BY ALL")).containsExactly(
                row("8", "Kaylee", "Summers", "2018-11-01 21:10:32.796", "free", "paid"));
    }

    @Test
    void topSongsCountPlaysAndListeners() throws SQLException {
        assertThat(rows("SELECT * FROM dashboard.top_songs ORDER BY plays DESC, song_title")).containsExactly(
                row("Jóga", "Björk", "SOJOGAA12A8C13C480", "2", "2", "611404", "0.17"),
                row("I Didn't Mean To", "Casual", "SOMZWCG12A8C13C480", "1", "1", "218932", "0.06"),
                row("You Gotta Be", "Des'ree", null, "1", "1", "246308", "0.07"));
    }

    @Test
    void topArtistsCountPlaysListenersAndSongs() throws SQLException {
        assertThat(rows("SELECT * FROM dashboard.top_artists ORDER BY plays DESC, artist_name")).containsExactly(
                row("Björk", "ARBJORK1187B98C9F8", "2", "2", "1", "611404", "0.17"),
                row("Casual", "ARD7TVE1187B99BFB1", "1", "1", "1", "218932", "0.06"),
                row("Des'ree", null, "1", "1", "1", "246308", "0.07"));
    }

    @Test
    void dailyActivityCountsLoggedInUsersAndSessions() throws SQLException {
        assertThat(rows("SELECT * FROM dashboard.daily_activity ORDER BY day")).containsExactly(row("2018-11-01", "4", "2", "2", "1", "3"));
    }

    @Test
    void playsBySegmentSplitsByGenderLevelAtPlayTimeAndLocation() throws SQLException {
        assertThat(rows("SELECT * FROM dashboard.plays_by_segment ORDER BY segment, plays DESC, value")).containsExactly(
                row("gender", "F", "3", "1"),
                row("gender", "M", "1", "1"),
                row("level", "free", "3", "2"),
                row("level", "paid", "1", "1"),
                row("location", PHOENIX, "3", "1"),
                row("location", SAN_JOSE, "1", "1"));
    }

    @Test
    void busiestHoursCountPlaysPerWeekdayAndHour() throws SQLException {
        assertThat(rows("SELECT * FROM dashboard.busiest_hours ORDER BY weekday, hour")).containsExactly(row("3", "Thursday", "21", "4", "1076644", "0.3"));
    }

    @Test
    void theSongMatchesAreTheUnambiguousOnes() throws SQLException {
        // Keyed by what the plays say: both Jóga plays (one repaired from mojibake) share a row.
        assertThat(rows("SELECT * FROM staging.song_matches ORDER BY song")).containsExactly(
                row("I Didn't Mean To", "Casual", "218.93179", "SOMZWCG12A8C13C480", "ARD7TVE1187B99BFB1"),
                row("Jóga", "Björk", "305.7024", "SOJOGAA12A8C13C480", "ARBJORK1187B98C9F8"));
    }

    @Test
    void aCrlfCopyIngestedAfterARunIsLoadedButAddsNoStagedEvents(@TempDir Path other) throws Exception {
        Path copy = Cli.copyFixtures(other.resolve("data"));
        Path w = other.resolve("w.duckdb");
        Cli.ok("ingest", "-w", w, "sparkify-songs", copy.resolve("song_data"));
        Cli.ok("ingest", "-w", w, "sparkify-events", copy.resolve("log_data/2018/11/2018-11-01-events.json"));
        Cli.ok("run", "-w", w);
        Cli.Result crlf = Cli.ok("ingest", "-w", w, "sparkify-events", copy.resolve("log_data/2018/11/2018-11-01-events-crlf.json"));
        assertThat(crlf.outLinesWithoutTimes()).containsExactly(
                "sparkify-events: 1 files (1 loaded, 0 rejected, 0 duplicates of files already loaded), 6 rows loaded, 0 quarantined, 0.0 MB in T s");
        Cli.Result second = Cli.ok("run", "-w", w);
        assertThat(Cli.withoutTimes(second.outLines().get(0)))
                .startsWith("run 5: 1 files transformed, 0 new events (6 duplicates dropped), 0 songs, ");
        assertThat(Cli.rows(w, "SELECT file_id, name, status, rows, transformed_run_id FROM meta.files WHERE kind = 'sparkify-events' ORDER BY file_id"))
                .containsExactly(
                        row("3", "2018-11-01-events.json", "loaded", "6", "3"),
                        row("4", "2018-11-01-events-crlf.json", "loaded", "6", "5"));
        assertThat(Cli.rows(w, "SELECT file_id, count(*) FROM staging.sparkify_events GROUP BY ALL ORDER BY ALL")).containsExactly(row("3", "6"));
        assertThat(Cli.rows(w, "SELECT songplay_id FROM analytics.songplays ORDER BY 1"))
                .containsExactly(row("3000000002"), row("3000000003"), row("3000000006"), row("3000000007"));
    }
}
