package soundstage.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import soundstage.core.QuarantineReason;
import soundstage.core.RunStatus;
import soundstage.serve.Endpoint.Query;

/**
 * The JSON API's endpoints. The dashboard's charts read the day-grained dashboard tables
 * ({@code dashboard.listener_days}, {@code song_days}, {@code hour_days}), so that every chart
 * follows the same date range ({@code from}, {@code to}: days, both included) and {@code source}
 * (all, sparkify, spotify); monthly tables answer for the months the range touches. The overview
 * counts the listeners of a range by OR'ing bitmaps of its days and whole spans
 * ({@code listener_bits}); the top songs come from the top songs of those pieces
 * ({@code song_tops}, see {@link TopSongs}); the top artists (and the top songs when the pieces'
 * tops cannot tell) read whole spans of a long range from the roll-up {@code song_spans} (see
 * {@link Spans}) and only its ends from the days, and group songs by number ({@code song_key}),
 * naming only the top ones. The pipeline
 * endpoints read {@code meta}. The SQL is portable: it runs the same on DuckDB and PostgreSQL.
 */
final class Endpoints {
    private static final Set<String> RANGE = Set.of("from", "to", "source", "format");
    private static final Set<String> RANGE_LIMIT = Set.of("from", "to", "source", "limit", "format");
    private static final String DAYS = "day BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) AND (? = 'all' OR source = ?)";

    /** Plays and time per song_key over the range's pieces: the start of the top songs and artists. */
    private static final String SONG_TOTALS = """
            WITH totals AS (
                SELECT song_key, sum(plays) AS plays, sum(ms_played) AS ms_played FROM (%s) AS picked GROUP BY song_key
            )""";

    private final Map<String, Endpoint> byName = new LinkedHashMap<>();
    /** The pieces' top songs read so far: the top songs endpoint's own cache. */
    private final TopSongs.Cache tops = new TopSongs.Cache();

    /** Whether a writer holds the warehouse now; true when that cannot be told. */
    interface WriterCheck {
        boolean atWork();
    }

    /**
     * @param writer asked when the runs or tasks are read (before a connection is borrowed): while
     *     no writer is at work, a run or try still marked running was interrupted, and is shown so
     */
    Endpoints(WriterCheck writer) {
        // Within the days a range may name: ingest takes plays of years 1 to 9999, and a play dated
        // 1800 made the filters start there, which every chart refused.
        add("summary", "The sources there are and the first and last day of their plays (of 1900 to 2199, the days a range may name): "
                        + "the filters' choices.", Set.of("format"), true,
                params -> new Query("""
                        SELECT source, min(day) AS first_day, max(day) AS last_day, sum(plays) AS plays
                        FROM dashboard.listener_days WHERE day BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
                        GROUP BY source ORDER BY source""", Params.EARLIEST.toString(), Params.LATEST.toString()));
        add("overview", "Plays, listeners (users with a play), sessions and hours listened in the range.", RANGE, true,
                params -> pieces("""
                        SELECT coalesce(sum(plays), 0) AS plays, CAST(coalesce(sum(bit_count(users)), 0) AS BIGINT) AS listeners,
                               coalesce(sum(sessions), 0) AS sessions, coalesce(meta.hours(sum(ms_played)), 0) AS hours_listened
                        FROM (SELECT chunk, bit_or(users) AS users, sum(plays) AS plays, sum(sessions) AS sessions, sum(ms_played) AS ms_played
                              FROM (%s) AS picked GROUP BY chunk) AS chunks""", "chunk, users, plays, sessions, ms_played", "listener_bits", params));
        add("activity", "Per day or week (grain=day|week; a week is its Monday): plays, active users, sessions, hours listened.",
                Set.of("from", "to", "source", "grain", "format"), true,
                params -> {
                    String period = params.choice("grain", Set.of("day", "week"), "day").equals("week")
                            ? "CAST(date_trunc('week', day) AS DATE)" : "day";
                    return days("SELECT " + period + " AS period, sum(plays) AS plays, count(DISTINCT user_id) AS active_users, "
                            + "sum(sessions) AS sessions, meta.hours(sum(ms_played)) AS hours_listened "
                            + "FROM dashboard.listener_days WHERE %s GROUP BY " + period + " ORDER BY period", params);
                });
        add("top-songs", "The most played songs (by the names the plays carry): plays and hours listened; limit, default 10.", RANGE_LIMIT, true,
                params -> {
                    int limit = params.limit(10);
                    return new TopSongs(params, limit, Math.max(TopSongs.DEPTH, 2 * limit), spans(SONG_TOTALS + """
                            , cut AS (SELECT plays FROM totals ORDER BY plays DESC LIMIT 1 OFFSET ?)
                            SELECT n.song_title, n.artist_name, t.plays, meta.hours(t.ms_played) AS hours_listened
                            FROM totals t JOIN dashboard.song_names n ON n.song_key = t.song_key
                            WHERE t.plays >= coalesce((SELECT plays FROM cut), 0)
                            ORDER BY t.plays DESC, n.song_title COLLATE "C", n.artist_name COLLATE "C" LIMIT ?""", "song_key, plays, ms_played", "song_days", "song_spans", params,
                            limit - 1, limit), tops);
                });
        add("top-artists", "The most played artists: plays, distinct songs played and hours listened; limit, default 10.", RANGE_LIMIT, true,
                params -> spans(SONG_TOTALS + """
                        SELECT n.artist_name, sum(t.plays) AS plays, count(*) AS songs, meta.hours(sum(t.ms_played)) AS hours_listened
                        FROM totals t JOIN dashboard.song_names n ON n.song_key = t.song_key
                        WHERE n.artist_name IS NOT NULL
                        GROUP BY n.artist_name ORDER BY plays DESC, n.artist_name COLLATE "C" LIMIT ?""", "song_key, plays, ms_played", "song_days", "song_spans", params,
                        params.limit(10)));
        add("segments", "Plays and listeners by gender, level or location (by=gender|level|location; 'unknown' where the source does not say); limit, default 20.",
                Set.of("from", "to", "source", "by", "limit", "format"), true,
                params -> {
                    String by = params.choice("by", Set.of("gender", "level", "location"), "gender");
                    String value = by.equals("gender") ? "coalesce(u.gender, 'unknown')" : "coalesce(d." + by + ", 'unknown')";
                    return days("SELECT " + value + " AS value, sum(d.plays) AS plays, count(DISTINCT d.user_id) AS listeners "
                            + "FROM (SELECT * FROM dashboard.listener_days WHERE %s) d LEFT JOIN analytics.users u ON u.user_id = d.user_id "
                            + "GROUP BY " + value + " ORDER BY plays DESC, " + value + " COLLATE \"C\" LIMIT ?", params, params.limit(20));
                });
        add("heatmap", "Plays and hours listened per weekday (0 = Monday) and hour of the day (UTC) of the plays' start.", RANGE, true,
                params -> days("""
                        SELECT CAST(extract(isodow FROM day) - 1 AS INTEGER) AS weekday, hour, sum(plays) AS plays, meta.hours(sum(ms_played)) AS hours_listened
                        FROM dashboard.hour_days WHERE %s
                        GROUP BY CAST(extract(isodow FROM day) - 1 AS INTEGER), hour ORDER BY weekday, hour""", params));
        add("level-changes", "Per week, the users who went from free to paid (upgrades) and back (downgrades): Sparkify only.", RANGE, true,
                params -> new Query("""
                        SELECT CAST(date_trunc('week', changed_at) AS DATE) AS week,
                               count(*) FILTER (WHERE to_level = 'paid') AS upgrades, count(*) FILTER (WHERE to_level = 'free') AS downgrades
                        FROM dashboard.level_changes
                        WHERE changed_at >= CAST(? AS DATE) AND changed_at < CAST(? AS DATE) + INTERVAL '1 day' AND ? <> 'spotify'
                        GROUP BY CAST(date_trunc('week', changed_at) AS DATE) ORDER BY week""",
                        params.from().toString(), params.to().toString(), params.source()));
        add("skip-rate", "Per month: plays, plays that say whether they were skipped (known), skipped, and skip_rate = skipped / known (Spotify's extended histories say).",
                RANGE, true,
                params -> days("""
                        SELECT CAST(date_trunc('month', day) AS DATE) AS month, sum(plays) AS plays, sum(skips_known) AS known, sum(skipped) AS skipped,
                               meta.share(sum(skipped), sum(skips_known)) AS skip_rate
                        FROM dashboard.listener_days WHERE %s
                        GROUP BY CAST(date_trunc('month', day) AS DATE) ORDER BY month""", params));
        add("platforms", "Plays, listeners and hours listened per platform (Spotify's device, Sparkify's user agent), with each platform's share of the time.",
                RANGE, true,
                params -> days("""
                        SELECT platform, sum(plays) AS plays, count(DISTINCT user_id) AS listeners,
                               meta.hours(sum(ms_played)) AS hours_listened, meta.share(sum(ms_played), sum(sum(ms_played)) OVER ()) AS share
                        FROM dashboard.listener_days WHERE %s
                        GROUP BY platform ORDER BY hours_listened DESC, platform COLLATE "C\"""", params));
        add("first-plays", "Per month the range touches: plays of songs, listeners, and first_plays, plays of a song the listener had never played before.",
                RANGE, true,
                params -> new Query("""
                        SELECT month, sum(plays) AS plays, sum(listeners) AS listeners, sum(first_plays) AS first_plays,
                               meta.share(sum(first_plays), sum(plays)) AS first_play_share
                        FROM dashboard.first_plays_by_month
                        WHERE month >= CAST(date_trunc('month', CAST(? AS DATE)) AS DATE) AND month <= CAST(? AS DATE) AND (? = 'all' OR source = ?)
                        GROUP BY month ORDER BY month""", params.from().toString(), params.to().toString(), params.source(), params.source()));
        add("runs", "The latest runs of every command: status, start, end and what they did; limit, default 20.", Set.of("limit", "format"), false,
                params -> {
                    boolean atWork = writer.atWork();
                    return new Query("""
                            SELECT run_id, command, %s AS status, started_at, finished_at, %s AS detail
                            FROM meta.runs ORDER BY run_id DESC LIMIT ?""".formatted(RunStatus.status(atWork), RunStatus.runDetail(atWork)), params.limit(20));
                });
        add("tasks", "The tasks of one run (run=ID, default the latest run that has tasks), each try: status, rows in and out, error.",
                Set.of("run", "format"), false,
                params -> {
                    int run = params.integer("run", 0, 1, Integer.MAX_VALUE);
                    boolean atWork = writer.atWork();
                    return new Query("""
                            SELECT run_id, task, attempt, %s AS status, started_at, finished_at, rows_in, rows_out, %s AS detail
                            FROM meta.task_runs
                            WHERE run_id = CASE WHEN ? = 0 THEN (SELECT max(run_id) FROM meta.task_runs) ELSE ? END
                            ORDER BY started_at, task, attempt""".formatted(RunStatus.status(atWork), RunStatus.taskDetail(atWork)), run, run);
                });
        add("checks", "The latest result of every data quality check.", Set.of("format"), false,
                params -> new Query("""
                        SELECT c.name, c.status, c.blocking, c.failures, c.detail, c.run_id, c.checked_at
                        FROM meta.check_results c
                        JOIN (SELECT name, max(run_id) AS run_id FROM meta.check_results GROUP BY name) l
                          ON l.name = c.name AND l.run_id = c.run_id
                        ORDER BY CASE c.status WHEN 'FAIL' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, c.name COLLATE "C\""""));
        add("quarantine", "Rows refused at ingest, counted by reason (the text before its first colon) and file kind.", Set.of("format"), false,
                params -> new Query("""
                        SELECT * FROM (
                            SELECT coalesce(f.kind, 'unknown') AS kind,
                                   %s AS reason,
                                   count(*) AS rows, count(DISTINCT q.path) AS files
                            FROM meta.quarantine q LEFT JOIN meta.files f ON f.file_id = q.file_id
                            GROUP BY 1, 2) AS counted
                        ORDER BY rows DESC, kind COLLATE "C", reason COLLATE "C\"""".formatted(QuarantineReason.kindSql("q.reason"))));
        // The raw text cut to its first 1,000 characters: a quarantined Spotify record keeps up to 65,536
        // characters, and whole texts made answers of many megabytes (several at once ran the server out of memory).
        add("rejected", "The latest rows refused at ingest: file, line, reason and the raw text (its first 1,000 characters); limit, default 20.",
                Set.of("limit", "format"), false,
                params -> new Query("""
                        SELECT quarantined_at, path, line_no, reason,
                               CASE WHEN length(raw) > 1000 THEN left(raw, 1000) || ' ... (' || length(raw) || ' characters: the whole text is in meta.quarantine)'
                                    ELSE raw END AS raw
                        FROM meta.quarantine ORDER BY quarantined_at DESC, path, line_no LIMIT ?""", params.limit(20)));
    }

    private void add(String name, String description, Set<String> params, boolean cacheable, Function<Params, Endpoint.Answering> query) {
        byName.put(name, new Endpoint(name, description, params, cacheable, query));
    }

    /**
     * A query over a day table and its roll-up: {@code sql}'s {@code %s} is the rows ({@code columns}) of
     * the range's pieces ({@link Spans}) of the source asked for, whole spans from {@code spanTable} and
     * the days left at the ends from {@code dayTable}; {@code more} are the parameters after them.
     */
    private static Query spans(String sql, String columns, String dayTable, String spanTable, Params params, Object... more) {
        return spans(sql, columns, columns, dayTable, spanTable, params, more);
    }

    /** As above, with the columns the day table and the span table give named apart. */
    private static Query spans(String sql, String dayColumns, String spanColumns, String dayTable, String spanTable, Params params, Object... more) {
        List<String> selects = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Spans.Piece piece : Spans.cover(params.from(), params.to())) {
            selects.add(piece.spanDays() == 1
                    ? "SELECT " + dayColumns + " FROM dashboard." + dayTable + " WHERE " + DAYS
                    : "SELECT " + spanColumns + " FROM dashboard." + spanTable + " WHERE span_days = " + piece.spanDays()
                            + " AND first_day BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) AND (? = 'all' OR source = ?)");
            args.addAll(List.of(piece.first().toString(), piece.last().toString(), params.source(), params.source()));
        }
        args.addAll(List.of(more));
        return new Query(String.format(sql, String.join("\nUNION ALL\n", selects)), List.copyOf(args));
    }

    /**
     * A query over a roll-up that holds the days too ({@code span_days} 1): {@code sql}'s {@code %s}
     * is the rows ({@code columns}) of the range's pieces ({@link Spans}) of the source asked for.
     */
    private static Query pieces(String sql, String columns, String table, Params params, Object... more) {
        return pieces(sql, columns, table, Spans.cover(params.from(), params.to()), params.source(), more);
    }

    /** As above, over {@code pieces} (some of a range's) and {@code source}. */
    static Query pieces(String sql, String columns, String table, List<Spans.Piece> pieces, String source, Object... more) {
        List<String> selects = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Spans.Piece piece : pieces) {
            selects.add("SELECT " + columns + " FROM dashboard." + table + " WHERE span_days = " + piece.spanDays()
                    + " AND first_day BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) AND (? = 'all' OR source = ?)");
            args.addAll(List.of(piece.first().toString(), piece.last().toString(), source, source));
        }
        args.addAll(List.of(more));
        return new Query(String.format(sql, String.join("\nUNION ALL\n", selects)), List.copyOf(args));
    }

    /** A query over the day-grained tables: {@code sqlWithDays}'s {@code %s} is the range and source filter. */
    private static Query days(String sqlWithDays, Params params, Object... more) {
        Object[] args = new Object[4 + more.length];
        args[0] = params.from().toString();
        args[1] = params.to().toString();
        args[2] = params.source();
        args[3] = params.source();
        System.arraycopy(more, 0, args, 4, more.length);
        return new Query(String.format(sqlWithDays, DAYS), args);
    }

    Optional<Endpoint> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Iterable<Endpoint> all() {
        return byName.values();
    }
}
