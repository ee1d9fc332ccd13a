package soundstage.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.OpenOptions;
import soundstage.core.Progress;
import soundstage.core.ReadPool;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.transform.Pipeline;
import soundstage.transform.RunLog;

/**
 * The dashboard's API on one dialect, on generated data of both sources: its numbers are those SQL
 * on the analytics layer gives, filters change them, bad requests get one line, and it keeps
 * answering while a writer works and shows the new data once it committed. A dialect's test
 * extends this class and says how to make a new, empty warehouse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class BaseDashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RANGE = "from=2018-11-03&to=2018-11-06";

    @TempDir
    static Path dir;
    protected String address;
    protected ReadPool pool;
    private DashboardServer server;
    protected URI base;

    /** The address of a new, empty warehouse of the dialect under test (which may live in {@code dir}). */
    protected abstract String newWarehouse(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        address = newWarehouse(dir);
        DashboardFixture.load(address, dir);
        pool = WarehouseFactory.openReadPoolAny(address, OpenOptions.DEFAULTS, 4);
        server = DashboardServer.start(pool, new DashboardServer.Settings("127.0.0.1", 0, Optional.empty()), line -> { });
        base = server.url();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private JsonNode rows(String path) throws Exception {
        return rows(base, path);
    }

    private static JsonNode rows(URI base, String path) throws Exception {
        HttpResponse<String> response = DashboardFixture.get(base, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body()).get("rows");
    }

    private List<String> sql(String query) throws SQLException {
        return pool.read(connection -> {
            List<String> values = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        values.add(rows.getString(i));
                    }
                }
            }
            return values;
        });
    }

    private static List<String> values(JsonNode row, String... columns) {
        List<String> values = new ArrayList<>();
        for (String column : columns) {
            values.add(row.get(column).isNull() ? null : row.get(column).asText());
        }
        return values;
    }

    @Test
    void overviewIsWhatTheAnalyticsLayerSays() throws Exception {
        JsonNode all = rows("/api/overview").get(0);
        assertThat(values(all, "plays", "listeners")).containsExactlyElementsOf(
                sql("SELECT count(*), count(DISTINCT user_id) FROM analytics.songplays"));
        assertThat(all.get("hours_listened").decimalValue()).isEqualByComparingTo(sql("SELECT meta.hours(sum(ms_played)) FROM analytics.songplays").get(0));
        assertThat(all.get("plays").asLong()).isGreaterThan(0);

        JsonNode some = rows("/api/overview?" + RANGE + "&source=sparkify").get(0);
        assertThat(values(some, "plays", "listeners")).containsExactlyElementsOf(sql("""
                SELECT count(*), count(DISTINCT user_id) FROM analytics.songplays
                WHERE source = 'sparkify' AND start_time >= DATE '2018-11-03' AND start_time < DATE '2018-11-07'"""));
        assertThat(some.get("sessions").asLong()).isEqualTo(Long.parseLong(sql("""
                SELECT count(*) FROM (SELECT DISTINCT CAST(start_time AS DATE), user_id, session_id FROM analytics.songplays
                WHERE source = 'sparkify' AND start_time >= DATE '2018-11-03' AND start_time < DATE '2018-11-07') AS sessions""").get(0)));
        assertThat(some.get("plays").asLong()).isBetween(1L, all.get("plays").asLong() - 1);

        JsonNode spotify = rows("/api/overview?source=spotify").get(0);
        assertThat(values(spotify, "plays", "listeners")).containsExactlyElementsOf(
                sql("SELECT count(*), count(DISTINCT user_id) FROM analytics.songplays WHERE source = 'spotify'"));
        assertThat(spotify.get("plays").asLong()).isGreaterThan(0);
    }

    @Test
    void topSongsAndArtistsAreWhatTheAnalyticsLayerSays() throws Exception {
        JsonNode songs = rows("/api/top-songs?" + RANGE + "&limit=5");
        List<String> shown = new ArrayList<>();
        songs.forEach(row -> shown.addAll(values(row, "song_title", "artist_name", "plays")));
        assertThat(shown).containsExactlyElementsOf(sql("""
                SELECT song_title, artist_name, count(*) AS plays FROM analytics.songplays
                WHERE song_title IS NOT NULL AND start_time >= DATE '2018-11-03' AND start_time < DATE '2018-11-07'
                GROUP BY song_title, artist_name ORDER BY plays DESC, song_title COLLATE "C", artist_name COLLATE "C" LIMIT 5"""));
        assertThat(songs).hasSize(5);

        JsonNode artists = rows("/api/top-artists?source=spotify&limit=3");
        List<String> named = new ArrayList<>();
        artists.forEach(row -> named.addAll(values(row, "artist_name", "plays", "songs")));
        assertThat(named).containsExactlyElementsOf(sql("""
                SELECT artist_name, count(*) AS plays, count(DISTINCT song_title) FROM analytics.songplays
                WHERE source = 'spotify' AND song_title IS NOT NULL AND artist_name IS NOT NULL
                GROUP BY artist_name ORDER BY plays DESC, artist_name COLLATE "C" LIMIT 3"""));
    }

    /**
     * Ranges of every length over the whole data (Spotify's histories span years), so that
     * answers come from 512-, 64- and 8-day spans and the days at both ends: the overview and the
     * top songs and artists are still exactly what SQL on the plays says.
     */
    @Test
    void longRangesReadFromTheRollUpsGiveWhatThePlaysSay() throws Exception {
        LocalDate first = LocalDate.parse(sql("SELECT min(CAST(start_time AS DATE)) FROM analytics.songplays").get(0));
        LocalDate last = LocalDate.parse(sql("SELECT max(CAST(start_time AS DATE)) FROM analytics.songplays").get(0));
        java.util.Random random = new java.util.Random(42);
        int fromSpans = 0;
        int fromCandidates = 0;
        for (int i = 0; i < 12; i++) {
            long span = last.toEpochDay() - first.toEpochDay() + 20;
            LocalDate from = first.minusDays(10).plusDays(random.nextLong(span));
            LocalDate to = from.plusDays(random.nextLong(last.toEpochDay() + 10 - from.toEpochDay() + 1));
            String source = List.of("all", "sparkify", "spotify").get(i % 3);
            String filter = "('" + source + "' = 'all' OR source = '" + source + "') AND start_time >= DATE '" + from
                    + "' AND start_time < DATE '" + to.plusDays(1) + "'";
            String range = "from=" + from + "&to=" + to + "&source=" + source;
            fromSpans += Spans.cover(from, to).stream().anyMatch(piece -> piece.spanDays() > 1) ? 1 : 0;

            assertThat(numbers(values(rows("/api/overview?" + range).get(0), "plays", "listeners", "hours_listened"))).as(range).containsExactlyElementsOf(
                    numbers(sql("SELECT count(*), count(DISTINCT user_id), coalesce(meta.hours(sum(ms_played)), 0) FROM analytics.songplays WHERE " + filter)));
            List<String> expected = numbers(sql("""
                    SELECT song_title, artist_name, count(*) AS plays, meta.hours(sum(ms_played)) FROM analytics.songplays
                    WHERE song_title IS NOT NULL AND %s
                    GROUP BY song_title, artist_name ORDER BY plays DESC, song_title COLLATE "C", artist_name COLLATE "C" LIMIT 7""".formatted(filter)));
            List<String> songs = new ArrayList<>();
            rows("/api/top-songs?" + range + "&limit=7").forEach(row -> songs.addAll(values(row, "song_title", "artist_name", "plays", "hours_listened")));
            assertThat(numbers(songs)).as(range).containsExactlyElementsOf(expected);
            // The candidates' answer alone: the top songs, or nothing (then the exact query answers). Few
            // candidates per piece (the endpoint takes 50 or more), so that they often miss songs of the top.
            Params params = new Endpoints(() -> true).find("top-songs").orElseThrow().parse(range + "&limit=7");
            for (int m : new int[] {1, 3, 10, TopSongs.DEPTH}) {
                TopSongs tops = new TopSongs(params, 7, m, null, new TopSongs.Cache());
                Optional<Answer> answer = pool.read(connection -> tops.fromTops(connection, null, false));
                if (answer.isPresent()) {
                    JsonNode candidates = JSON.readTree(answer.get().body()).get("rows");
                    List<String> found = new ArrayList<>();
                    candidates.forEach(row -> found.addAll(values(row, "song_title", "artist_name", "plays", "hours_listened")));
                    assertThat(numbers(found)).as(range + ", top " + m + " of each piece").containsExactlyElementsOf(expected);
                    fromCandidates++;
                }
            }
            List<String> artists = new ArrayList<>();
            rows("/api/top-artists?" + range + "&limit=4").forEach(row -> artists.addAll(values(row, "artist_name", "plays", "songs", "hours_listened")));
            assertThat(numbers(artists)).as(range).containsExactlyElementsOf(numbers(sql("""
                    SELECT artist_name, count(*) AS plays, count(DISTINCT song_title), meta.hours(sum(ms_played)) FROM analytics.songplays
                    WHERE song_title IS NOT NULL AND artist_name IS NOT NULL AND %s
                    GROUP BY artist_name ORDER BY plays DESC, artist_name COLLATE "C" LIMIT 4""".formatted(filter))));
        }
        assertThat(fromSpans).as("ranges that read whole spans").isGreaterThan(6);
        // Both ways answer here: the candidates for some ranges, the exact query for the rest (small data has many ties).
        assertThat(fromCandidates).as("ranges and m whose top songs the candidates gave").isBetween(1, 59);
    }

    /**
     * The top songs from the pieces' tops alone, over short ranges with few candidates (m) and
     * small limits, where ties at the top and songs outside every top are common: each answer is
     * the exact top, or nothing.
     */
    @Test
    void topSongsFromThePiecesTopsAreExactOrNothing() throws Exception {
        Endpoint endpoint = new Endpoints(() -> true).find("top-songs").orElseThrow();
        TopSongs.Cache cache = new TopSongs.Cache();   // shared by every range and limit, as the server's is
        int sure = 0;
        int unsure = 0;
        for (int first = 0; first < 10; first++) {
            for (int days : new int[] {1, 2, 9}) {
                LocalDate from = DashboardFixture.FIRST_DAY.plusDays(first);
                LocalDate to = from.plusDays(days - 1);
                for (int limit : new int[] {1, 2, 3}) {
                    List<String> expected = numbers(sql("""
                            SELECT song_title, artist_name, count(*) AS plays, meta.hours(sum(ms_played)) FROM analytics.songplays
                            WHERE song_title IS NOT NULL AND start_time >= DATE '%s' AND start_time < DATE '%s'
                            GROUP BY song_title, artist_name ORDER BY plays DESC, song_title COLLATE "C", artist_name COLLATE "C" LIMIT %d""".formatted(from, to.plusDays(1), limit)));
                    Params params = endpoint.parse("from=" + from + "&to=" + to + "&limit=" + limit);
                    for (int m : new int[] {1, 2, 4}) {
                        TopSongs tops = new TopSongs(params, limit, m, null, cache);
                        Optional<Answer> answer = pool.read(connection -> tops.fromTops(connection, "the version", false));
                        if (answer.isEmpty()) {
                            unsure++;
                            continue;
                        }
                        JsonNode rows = JSON.readTree(answer.get().body()).get("rows");
                        List<String> found = new ArrayList<>();
                        rows.forEach(row -> found.addAll(values(row, "song_title", "artist_name", "plays", "hours_listened")));
                        assertThat(numbers(found)).as(from + ".." + to + ", limit " + limit + ", top " + m + " of each piece").containsExactlyElementsOf(expected);
                        sure++;
                    }
                }
            }
        }
        assertThat(sure).as("answers the tops gave").isPositive();
        assertThat(unsure).as("answers left to the exact query").isPositive();
    }

    /** Numbers written one way (1.50 and 1.5, 2.0 and 2), so that JSON and JDBC text compare; other values as they are. */
    private static List<String> numbers(List<String> values) {
        return values.stream().map(value -> value != null && value.matches("-?[0-9]+(\\.[0-9]+)?")
                ? new java.math.BigDecimal(value).stripTrailingZeros().toPlainString() : value).toList();
    }

    @Test
    void everyChartFollowsTheFilters() throws Exception {
        for (String endpoint : List.of("activity", "activity?grain=week", "top-songs", "top-artists", "segments?by=gender", "segments?by=level",
                "segments?by=location", "heatmap", "level-changes", "skip-rate", "platforms", "first-plays")) {
            String separator = endpoint.contains("?") ? "&" : "?";
            JsonNode all = rows("/api/" + endpoint);
            JsonNode some = rows("/api/" + endpoint + separator + RANGE + "&source=sparkify");
            assertThat(all).as(endpoint).isNotEmpty();
            assertThat(some.toString()).as(endpoint).isNotEqualTo(all.toString());
        }
        long firstPlays = 0;
        for (JsonNode month : rows("/api/first-plays?source=spotify")) {
            firstPlays += month.get("plays").asLong();
        }
        assertThat(firstPlays).isEqualTo(Long.parseLong(sql("SELECT count(*) FROM analytics.songplays WHERE source = 'spotify' AND song_title IS NOT NULL").get(0)));
        long days = rows("/api/activity?" + RANGE).size();
        assertThat(days).isEqualTo(4);
        JsonNode heat = rows("/api/heatmap");
        long plays = 0;
        for (JsonNode cell : heat) {
            plays += cell.get("plays").asLong();
        }
        assertThat(plays).isEqualTo(rows("/api/overview").get(0).get("plays").asLong());
        assertThat(rows("/api/level-changes?source=spotify")).isEmpty();
        long onPlatforms = 0;
        for (JsonNode platform : rows("/api/platforms?" + RANGE)) {
            onPlatforms += platform.get("plays").asLong();
        }
        assertThat(onPlatforms).isEqualTo(rows("/api/overview?" + RANGE).get(0).get("plays").asLong());
    }

    /**
     * Each chart that counts plays counts those of the source asked for: its rows add up to the
     * overview's plays of that source (which other tests hold to the songplays table). A chart
     * that ignored the source filter would add up to every source's plays.
     */
    @Test
    void everyChartThatCountsPlaysCountsOnlyTheSourceAskedFor() throws Exception {
        for (String source : List.of("sparkify", "spotify")) {
            long plays = rows("/api/overview?source=" + source).get(0).get("plays").asLong();
            assertThat(plays).as(source).isPositive().isLessThan(rows("/api/overview").get(0).get("plays").asLong());
            for (String endpoint : List.of("activity", "activity?grain=week", "heatmap", "platforms", "segments?by=gender", "segments?by=level")) {
                long sum = 0;
                for (JsonNode row : rows("/api/" + endpoint + (endpoint.contains("?") ? "&" : "?") + "source=" + source)) {
                    sum += row.get("plays").asLong();
                }
                assertThat(sum).as("%s, source=%s", endpoint, source).isEqualTo(plays);
            }
        }
    }

    @Test
    void theSummaryGivesTheFiltersChoices() throws Exception {
        JsonNode summary = rows("/api/summary");
        assertThat(summary).hasSize(2);
        assertThat(values(summary.get(0), "source", "first_day")).containsExactly("sparkify", FIRST_DAY_TEXT);
        assertThat(summary.get(1).get("source").asText()).isEqualTo("spotify");
    }

    private static final String FIRST_DAY_TEXT = DashboardFixture.FIRST_DAY.toString();

    @Test
    void everyTableDownloadsAsCsv() {
        HttpResponse<String> csv = DashboardFixture.get(base, "/api/top-songs?limit=3&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"top-songs.csv\"");
        assertThat(List.of(csv.body().split("\r\n"))).hasSize(4).first().isEqualTo("song_title,artist_name,plays,hours_listened");
        HttpResponse<String> runs = DashboardFixture.get(base, "/api/runs?format=csv");
        assertThat(runs.body()).startsWith("run_id,command,status,started_at,finished_at,detail\r\n");
    }

    @Test
    void thePipelinePagesReadMeta() throws Exception {
        JsonNode runs = rows("/api/runs");
        assertThat(runs).isNotEmpty();
        assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(rows("/api/checks")).isNotEmpty().allSatisfy(check -> assertThat(check.get("status").asText()).isIn("pass", "warn"));
        JsonNode quarantine = rows("/api/quarantine");
        assertThat(quarantine).isNotEmpty();
        long quarantined = 0;
        for (JsonNode row : quarantine) {
            quarantined += row.get("rows").asLong();
        }
        assertThat(quarantined).isEqualTo(Long.parseLong(sql("SELECT count(*) FROM meta.quarantine").get(0)));
        JsonNode rejected = rows("/api/rejected?limit=3");
        assertThat(rejected).hasSize(3);
        assertThat(rejected.get(0).get("path").asText()).isNotEmpty();
        assertThat(rejected.get(0).get("line_no").asLong()).isNotNegative();
        assertThat(rejected.get(0).get("path").asText()).endsWith("long-line.json");
        assertThat(rejected.get(0).get("raw").asText()).startsWith("{\"page\":\"NextSong\",\"ts\":\"never\",\"pad\":\"xxx").hasSize(1000 + 60)
                .endsWith("x ... (" + DashboardFixture.LONG_LINE + " characters: the whole text is in meta.quarantine)");
        assertThat(rejected.get(1).get("raw").asText()).doesNotContain("characters: the whole text");
        assertThat(DashboardFixture.get(base, "/api/tasks?run=999999").body()).isEqualTo("{\"rows\":[]}");
    }

    @Test
    void badRequestsGetOneLineAndNoSql() {
        assertError("/api/top-songs?limit=0", 400, "'limit' must be from 1 to 500, not 0");
        assertError("/api/top-songs?limit=many", 400, "'limit' must be a whole number from 1 to 500, not 'many'");
        assertError("/api/top-songs?limit=%EF%BC%95", 400, "'limit' must be a whole number from 1 to 500, not '\uFF15'");
        assertError("/api/overview?from=2018-13-01", 400, "'from' must be a date as YYYY-MM-DD, not '2018-13-01'");
        assertError("/api/overview?from=2018-11-05&to=2018-11-01", 400, "'from' (2018-11-05) is after 'to' (2018-11-01)");
        assertError("/api/overview?to=3000-01-01", 400, "'to' must be between 1900-01-01 and 2199-12-31, not 3000-01-01");
        assertError("/api/overview?source=napster", 400, "'source' must be one of all, sparkify, spotify, not 'napster'");
        assertError("/api/overview?sql=SELECT%201", 400, "unknown parameter 'sql' for /api/overview: it takes format, from, source, to");
        assertError("/api/overview?source=all&source=spotify", 400, "parameter 'source' is given twice");
        assertError("/api/top-songs?limit=" + "0".repeat(40) + "5", 400, "parameter 'limit' is 41 characters long; none of its values is longer than 32");
        assertError("/api/top-songs?lim%00it=5", 400, "unknown parameter 'lim\\\\u0000it'");
        assertError("/api/segments?by=age", 400, "'by' must be one of gender, level, location, not 'age'");
        assertError("/api/overview?format=xml", 400, "'format' must be one of csv, json, not 'xml'");
        assertError("/api/no-such-thing", 404, "no such endpoint: /api/no-such-thing");
        assertError("/etc/passwd", 404, "no such page");
        assertError("/static/../../pom.xml", 404, "no such page");
        assertThat(DashboardFixture.raw(base, "/api/overview", "attacker.example:" + base.getPort()))
                .startsWith("HTTP/1.1 403").contains("answers requests to 127.0.0.1, localhost or [::1] (on any port) only");
        assertThat(DashboardFixture.raw(base, "/api/overview", "attacker.example")).startsWith("HTTP/1.1 403");
        assertThat(DashboardFixture.raw(base, "/api/overview", "localhost.attacker.example:" + base.getPort())).startsWith("HTTP/1.1 403");
        assertThat(DashboardFixture.raw(base, "/api/overview", "localhost:" + base.getPort())).startsWith("HTTP/1.1 200");
        // Through an SSH tunnel or a proxy on another port, which names its own port.
        assertThat(DashboardFixture.raw(base, "/api/overview", "localhost:18089")).startsWith("HTTP/1.1 200");
        assertThat(DashboardFixture.raw(base, "/api/overview", "[::1]:9000")).startsWith("HTTP/1.1 200");
        assertThat(DashboardFixture.raw(base, "/api/overview", "127.0.0.1:" + base.getPort() + "\r\nHost: attacker.example"))
                .startsWith("HTTP/1.1 400").contains("the request names its host more than once");
        HttpResponse<String> post = DashboardFixture.send(HttpRequest.newBuilder(base.resolve("/api/overview"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    private void assertError(String path, int status, String message) {
        HttpResponse<String> response = DashboardFixture.get(base, path);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.body()).as(path).startsWith("{\"error\":\"").contains(message).doesNotContain("SELECT", "Exception", "\\n");
    }

    @Test
    void pagesAndAnswersCarrySecurityHeaders() {
        for (String path : List.of("/", "/api/overview", "/static/app.js", "/api/nope")) {
            HttpResponse<String> response = DashboardFixture.get(base, path);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        }
        HttpResponse<String> page = DashboardFixture.get(base, "/");
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("/static/chart.umd.min.js").doesNotContain("http://", "https://");
        HttpResponse<String> chart = DashboardFixture.get(base, "/static/chart.umd.min.js");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart.js");
    }

    /**
     * Ingest takes plays of years 1 to 9999, the API ranges of 1900 to 2199: the summary gives the
     * filters a range they can ask for (a play in 1800 made it start the range in 1800, and every
     * chart refused it), and counts the plays the dashboard shows.
     */
    @Test
    void aPlayBeforeTheDashboardsYearsLeavesTheFiltersARangeTheyCanAskFor() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ancient"));
        String ancient = newWarehouse(folder);
        try (Warehouse writer = WarehouseFactory.openAny(ancient)) {
            writer.ingest(FileKind.SPARKIFY_EVENTS, List.of(DashboardFixture.extraDay(folder, LocalDate.of(1800, 6, 1), 2),
                    DashboardFixture.extraDay(folder, LocalDate.of(2018, 11, 2), 3)), Progress.NONE);
            new Pipeline(writer).run();
        }
        try (ReadPool readers = WarehouseFactory.openReadPoolAny(ancient, OpenOptions.DEFAULTS, 2);
             DashboardServer served = DashboardServer.start(readers, new DashboardServer.Settings("127.0.0.1", 0, Optional.empty()), line -> { })) {
            JsonNode summary = rows(served.url(), "/api/summary");
            assertThat(summary).hasSize(1);
            assertThat(values(summary.get(0), "source", "first_day", "last_day", "plays")).containsExactly("sparkify", "2018-11-02", "2018-11-02", "3");
            JsonNode overview = rows(served.url(), "/api/overview?from=2018-11-02&to=2018-11-02");
            assertThat(overview.get(0).get("plays").asLong()).isEqualTo(3);
        }
    }

    @Test
    void aWarehouseWithoutARunSaysToRunForEveryChartAndStillShowsThePipeline() throws Exception {
        String unrun = newWarehouse(Files.createDirectories(dir.resolve("unrun")));
        Path events = Files.writeString(dir.resolve("unrun").resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        try (Warehouse writer = WarehouseFactory.openAny(unrun)) {   // files ingested, no run: no dashboard tables
            RunLog runs = new RunLog(writer.connection());   // as the ingest command records itself
            int run = runs.start("ingest");
            writer.ingest(FileKind.SPARKIFY_EVENTS, List.of(events), Progress.NONE);
            runs.finish(run, true, "1 file");
        }
        List<String> lines = new ArrayList<>();
        try (ReadPool readers = WarehouseFactory.openReadPoolAny(unrun, OpenOptions.DEFAULTS, 2);
             DashboardServer empty = DashboardServer.start(readers, new DashboardServer.Settings("127.0.0.1", 0, Optional.empty()), lines::add)) {
            for (String chart : List.of("summary", "overview", "activity", "top-songs", "top-artists", "segments", "heatmap", "level-changes",
                    "skip-rate", "platforms", "first-plays")) {
                HttpResponse<String> response = DashboardFixture.get(empty.url(), "/api/" + chart);
                assertThat(response.statusCode()).as(chart).isEqualTo(503);
                assertThat(JSON.readTree(response.body()).get("error").asText())
                        .isEqualTo("the warehouse has no dashboard tables yet: run 'soundstage run' on it, then reload");
            }
            for (String page : List.of("runs", "tasks", "checks", "quarantine")) {
                assertThat(DashboardFixture.get(empty.url(), "/api/" + page).statusCode()).as(page).isEqualTo(200);
            }
            JsonNode pipeline = rows(empty.url(), "/api/runs");
            assertThat(pipeline).hasSize(1);
            assertThat(values(pipeline.get(0), "command", "status", "detail")).containsExactly("ingest", "succeeded", "1 file");
        }
        assertThat(lines).isEmpty();
    }

    @Test
    void aTokenGuardsEveryPathAndOtherAddressesNeedOne() {
        String token = "0123456789abcdef0123";
        try (DashboardServer guarded = DashboardServer.start(pool, new DashboardServer.Settings("127.0.0.1", 0, Optional.of(token)), line -> { })) {
            URI url = guarded.url();
            HttpResponse<String> refused = DashboardFixture.get(url, "/api/overview");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(DashboardFixture.get(url, "/").statusCode()).isEqualTo(401);
            assertThat(DashboardFixture.send(HttpRequest.newBuilder(url.resolve("/api/overview")).header("Authorization", "Bearer wrong-token-000000").build())
                    .statusCode()).isEqualTo(401);
            assertThat(DashboardFixture.send(HttpRequest.newBuilder(url.resolve("/api/overview")).header("Authorization", "Bearer " + token).build())
                    .statusCode()).isEqualTo(200);
            assertThat(DashboardFixture.send(HttpRequest.newBuilder(url.resolve("/api/overview")).header("Authorization", "bearer " + token).build())
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> login = DashboardFixture.get(url, "/?token=" + token);
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Location")).hasValue("/");
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly", "SameSite=Lax");
            // The JDK's server refuses a malformed target itself.
            assertThat(DashboardFixture.raw(url, "/?token=%zz", "127.0.0.1:" + url.getPort())).startsWith("HTTP/1.1 400").doesNotContain("\tat ");
            assertThat(DashboardFixture.send(HttpRequest.newBuilder(url.resolve("/")).header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build())
                    .statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> DashboardServer.start(pool, new DashboardServer.Settings("0.0.0.0", 0, Optional.empty()), line -> { }))
                .isInstanceOf(UserException.class).hasMessageContaining("give a token with --token");
        // Another loopback address needs no token, and its own URL is answered.
        try (DashboardServer other = DashboardServer.start(pool, new DashboardServer.Settings("127.0.0.2", 0, Optional.empty()), line -> { })) {
            assertThat(DashboardFixture.get(other.url(), "/api/overview").statusCode()).isEqualTo(200);
            assertThat(DashboardFixture.raw(other.url(), "/api/overview", "127.0.0.3:" + other.url().getPort())).startsWith("HTTP/1.1 403");
        }
        try (DashboardServer taken = DashboardServer.start(pool, new DashboardServer.Settings("127.0.0.1", 0, Optional.empty()), line -> { })) {
            assertThatThrownBy(() -> DashboardServer.start(pool, new DashboardServer.Settings("127.0.0.1", taken.url().getPort(), Optional.empty()), line -> { }))
                    .isInstanceOf(UserException.class).hasMessageContaining("Stop what uses that port, or give another with --port");
        }
    }

    /** Last: it adds a day of plays. */
    @Test
    @Order(Integer.MAX_VALUE)
    void keepsAnsweringWhileARunWritesAndShowsItsDataOnceCommitted() throws Exception {
        long before = rows("/api/overview").get(0).get("plays").asLong();
        LocalDate day = LocalDate.of(2019, 1, 15);
        try (Warehouse writer = WarehouseFactory.openAny(address)) {
            assertThat(rows("/api/overview").get(0).get("plays").asLong()).isEqualTo(before);
            writer.ingest(FileKind.SPARKIFY_EVENTS, List.of(DashboardFixture.extraDay(dir, day, 7)), Progress.NONE);
            assertThat(rows("/api/overview").get(0).get("plays").asLong()).isEqualTo(before);
            assertThat(new Pipeline(writer).run().passed()).isTrue();
            // The writer still holds the warehouse: the dashboard answers all the same.
            assertThat(rows("/api/top-songs?limit=3")).hasSize(3);
        }
        assertThat(rows("/api/overview").get(0).get("plays").asLong()).isEqualTo(before + 7);
        assertThat(rows("/api/activity?from=" + day + "&to=" + day).get(0).get("plays").asLong()).isEqualTo(7);
        assertThat(rows("/api/runs?limit=1").get(0).get("command").asText()).isEqualTo("run");
    }
}
