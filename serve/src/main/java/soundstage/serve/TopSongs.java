package soundstage.serve;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import soundstage.serve.Endpoint.Query;

/**
 * The top songs of a date range, found among the top songs of its pieces ({@link Spans}: days and
 * 8-, 64- and 512-day spans, whose top {@link #DEPTH} songs and the next one
 * {@code dashboard.song_tops} holds), or by the exact query over every song of the range when
 * those cannot show the answer.
 *
 * <p>The threshold algorithm (Fagin): each piece's song ranked {@code depth + 1} has its
 * threshold plays, the most any song outside its top {@code depth} has there. A candidate (a song
 * in the top of some piece) has its plays in those pieces, and at most the thresholds of the other
 * pieces on top (its missing plays); a song in no top has at most the sum of every threshold. The
 * answer is sure when the candidates with the {@code limit} best plays miss nothing (their totals
 * are exact) and every other song, candidate or not, has less than the {@code limit}-th best even
 * at its most: then no song can reach or tie it. Plays follow a long tail, so that holds nearly
 * always.
 *
 * <p>The pieces' tops are kept in memory ({@link Cache}) while the warehouse's version stays, so
 * that a range reads only the pieces no range read before; random ranges of one warehouse share
 * most of theirs. The rest is arithmetic on a few hundred rows here. Ties in plays are ordered by
 * title, then artist, in code point order (DuckDB's, and PostgreSQL's C collation); the exact
 * query orders them as the database's collation does.
 */
final class TopSongs implements Endpoint.Answering {
    /** The songs of each piece that {@code dashboard.song_tops} holds: its top 50, and the 51st for the threshold. */
    static final int DEPTH = 50;

    private static final List<String> COLUMNS = List.of("song_title", "artist_name", "plays", "hours_listened");
    private static final Comparator<String> CODE_POINTS = Comparator.nullsLast(TopSongs::compareCodePoints);

    /** One day or span of one source: the unit whose top songs are read and kept. */
    record Unit(int spanDays, LocalDate firstDay, String source) {
    }

    /** A song in the top of one unit: its key and names, its plays and time there, and its rank there. */
    record Top(long songKey, String title, String artist, long plays, long msPlayed, int rank) {
    }

    private final Params params;
    private final int limit;
    private final int depth;
    private final Query exact;
    private final Cache cache;

    /**
     * The top {@code limit} songs for {@code params}' range and source, found among the top
     * {@code depth} of each piece (kept in {@code cache}) when {@code depth} is at most
     * {@link #DEPTH}, else (and when those cannot tell) by {@code exact}.
     */
    TopSongs(Params params, int limit, int depth, Query exact, Cache cache) {
        this.params = params;
        this.limit = limit;
        this.depth = depth;
        this.exact = exact;
        this.cache = cache;
    }

    @Override
    public Answer on(Connection connection, String version, boolean csv) throws SQLException {
        Optional<Answer> found = fromTops(connection, version, csv);
        return found.isPresent() ? found.get() : exact.on(connection, version, csv);
    }

    /** The answer from the pieces' tops alone, or nothing when they cannot show it; {@code version} null reads every piece afresh. */
    Optional<Answer> fromTops(Connection connection, String version, boolean csv) throws SQLException {
        if (depth > DEPTH) {
            return Optional.empty();
        }
        Map<Unit, List<Top>> tops = tops(connection, version);
        Map<Unit, List<Top>> ranked = new LinkedHashMap<>();
        tops.forEach((unit, rows) -> ranked.put(unit, rows.stream().filter(top -> top.rank() <= depth + 1).toList()));
        Optional<List<Long>> winners = winners(ranked, limit, depth);
        if (winners.isEmpty()) {
            return Optional.empty();
        }
        // The winners' totals: every row of theirs in a top is there (they miss nothing).
        Map<Long, Total> totals = new HashMap<>();
        winners.get().forEach(key -> totals.put(key, new Total()));
        for (List<Top> rows : ranked.values()) {
            for (Top top : rows) {
                Total total = totals.get(top.songKey());
                if (total != null && top.rank() <= depth) {
                    total.add(top);
                }
            }
        }
        List<Total> best = new ArrayList<>(totals.values());
        best.sort(Comparator.comparingLong((Total total) -> total.plays).reversed()
                .thenComparing(total -> total.title, CODE_POINTS).thenComparing(total -> total.artist, CODE_POINTS));
        List<Object[]> answer = new ArrayList<>();
        for (Total total : best.subList(0, Math.min(limit, best.size()))) {
            answer.add(new Object[] {total.title, total.artist, total.plays, hours(total.msPlayed)});
        }
        return Optional.of(Answer.of(COLUMNS, answer, csv));
    }

    /** A winner's plays and time over the range, and its names (the least, should two names share a key). */
    private static final class Total {
        String title;
        String artist;
        long plays;
        long msPlayed;

        void add(Top top) {
            title = title == null || CODE_POINTS.compare(top.title(), title) < 0 ? top.title() : title;
            artist = artist == null || CODE_POINTS.compare(top.artist(), artist) < 0 ? top.artist() : artist;
            plays += top.plays();
            msPlayed += top.msPlayed();
        }
    }

    /** Milliseconds as hours rounded to two decimals, exactly as {@code meta.hours} computes them on both dialects. */
    static double hours(long ms) {
        return Math.floor((double) ms / 36000 + 0.5) / 100;
    }

    /** The top songs of every unit of the range, from the cache where it has them, else read. */
    private Map<Unit, List<Top>> tops(Connection connection, String version) throws SQLException {
        List<String> sources = params.source().equals("all")
                ? Params.SOURCES.stream().filter(source -> !source.equals("all")).sorted().toList() : List.of(params.source());
        Map<Unit, List<Top>> tops = new LinkedHashMap<>();
        List<Spans.Piece> missing = new ArrayList<>();
        for (Spans.Piece piece : Spans.cover(params.from(), params.to())) {
            boolean whole = true;
            for (Unit unit : units(piece, sources)) {
                List<Top> kept = version == null ? null : cache.get(version, unit);
                whole &= kept != null;
                tops.put(unit, kept);
            }
            if (!whole) {
                missing.add(piece);
            }
        }
        if (!missing.isEmpty()) {
            Map<Unit, List<Top>> read = read(connection, missing, sources);
            tops.putAll(read);
            if (version != null) {
                cache.put(version, read);
            }
        }
        return tops;
    }

    private static List<Unit> units(Spans.Piece piece, List<String> sources) {
        List<Unit> units = new ArrayList<>();
        for (LocalDate day = piece.first(); !day.isAfter(piece.last()); day = day.plusDays(piece.spanDays())) {
            for (String source : sources) {
                units.add(new Unit(piece.spanDays(), day, source));
            }
        }
        return units;
    }

    /** Reads the tops of every unit of {@code pieces} for {@code sources}: an empty list for a unit without songs. */
    private Map<Unit, List<Top>> read(Connection connection, List<Spans.Piece> pieces, List<String> sources) throws SQLException {
        Map<Unit, List<Top>> read = new LinkedHashMap<>();
        for (Spans.Piece piece : pieces) {
            units(piece, sources).forEach(unit -> read.put(unit, new ArrayList<>()));
        }
        Query query = Endpoints.pieces("%s", "span_days, first_day, source, song_key, song_title, artist_name, plays, ms_played, plays_rank",
                "song_tops", pieces, params.source());
        try (PreparedStatement statement = query.prepare(connection)) {
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Unit unit = new Unit(result.getInt(1), result.getObject(2, LocalDate.class), result.getString(3));
                    read.computeIfAbsent(unit, key -> new ArrayList<>()).add(new Top(result.getLong(4), result.getString(5), result.getString(6),
                            result.getLong(7), result.getLong(8), result.getInt(9)));
                }
            }
        }
        return read;
    }

    /**
     * The keys of the songs whose plays reach the {@code limit}-th best, from {@code tops} (every
     * unit's songs ranked 1 to {@code depth + 1}). Empty when the tops cannot show them (see the
     * class comment); every song when no unit has more than {@code depth} songs and there are
     * fewer than {@code limit}.
     */
    static Optional<List<Long>> winners(Map<Unit, List<Top>> tops, int limit, int depth) {
        Map<Unit, Long> thresholds = new HashMap<>();
        tops.forEach((unit, rows) -> rows.stream().filter(top -> top.rank() == depth + 1).forEach(top -> thresholds.put(unit, top.plays())));
        long everyThreshold = thresholds.values().stream().mapToLong(Long::longValue).sum();
        // Per candidate: its plays in the units where it is in the top, and those units' thresholds.
        Map<Long, long[]> candidates = new HashMap<>();
        tops.forEach((unit, rows) -> {
            for (Top top : rows) {
                if (top.rank() <= depth) {
                    long[] candidate = candidates.computeIfAbsent(top.songKey(), key -> new long[2]);
                    candidate[0] += top.plays();
                    candidate[1] += thresholds.getOrDefault(unit, 0L);
                }
            }
        });
        List<Map.Entry<Long, long[]>> best = new ArrayList<>(candidates.entrySet());
        best.sort(Comparator.comparingLong((Map.Entry<Long, long[]> entry) -> entry.getValue()[0]).reversed());
        if (best.size() < limit) {
            // Every song of the range is a candidate, with its exact plays, when no unit has songs below its top.
            return everyThreshold == 0 ? Optional.of(best.stream().map(Map.Entry::getKey).toList()) : Optional.empty();
        }
        long cut = best.get(limit - 1).getValue()[0];
        if (everyThreshold >= cut) {
            return Optional.empty();   // a song in no top might reach the cut
        }
        List<Long> winners = new ArrayList<>();
        for (Map.Entry<Long, long[]> candidate : best) {
            long plays = candidate.getValue()[0];
            long missing = everyThreshold - candidate.getValue()[1];
            if (plays >= cut) {
                if (missing > 0) {
                    return Optional.empty();   // its total is not known
                }
                winners.add(candidate.getKey());
            } else if (plays + missing >= cut) {
                return Optional.empty();   // it might reach the cut
            }
        }
        return Optional.of(winners);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The units' tops read so far, for one version of the warehouse (a newer version empties it),
     * the least recently used going first beyond {@link #MAX_UNITS}: at most 51 rows each, so a few
     * MB at most. A unit's tops change only when a writer commits, which changes the version.
     */
    static final class Cache {
        static final int MAX_UNITS = 20_000;
        private final LinkedHashMap<Unit, List<Top>> units = new LinkedHashMap<>(1024, 0.75f, true);
        private String version;

        synchronized List<Top> get(String version, Unit unit) {
            return version.equals(this.version) ? units.get(unit) : null;
        }

        synchronized void put(String version, Map<Unit, List<Top>> read) {
            if (!version.equals(this.version)) {
                units.clear();
                this.version = version;
            }
            units.putAll(read);
            var eldest = units.entrySet().iterator();
            while (units.size() > MAX_UNITS && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
    }
}
