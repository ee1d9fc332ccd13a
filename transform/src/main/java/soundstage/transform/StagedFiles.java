package soundstage.transform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import soundstage.core.FileKind;
import soundstage.core.Transaction;

/**
 * What the staging models took from the files registered since the last run: the numbers a run
 * reports. New staged rows keep the file id of their first copy, which is one of those files.
 *
 * <p>A file is transformed once every staging model that reads its kind's source table has
 * reached it. Each kind has its own mark ({@link Reached}): a run that resumes, or runs part of
 * the graph, moves some staging models and not others, and one kind's files must not wait for (or
 * be counted in the range of) another kind's models. The rows, songs, events and plays are
 * counted by the model that stages the kind's table alone (staging.sparkify_songs for
 * source.sparkify_songs): what it took in this run, even when another reader of that table
 * (staging.song_matches) is behind; so a run that failed part-way reports what it staged, and the
 * run that resumes it does not report that again.
 *
 * @param files files marked as transformed
 * @param sourceRows Sparkify event rows of those files in the source layer
 * @param songs distinct songs of those files
 * @param newEvents events they added to staging
 * @param repaired events and songs they staged whose names were repaired
 * @param playRows Spotify play rows of those files in the source layer
 * @param newPlays plays they added to staging
 */
public record StagedFiles(int files, long sourceRows, long songs, long newEvents, long repaired, long playRows, long newPlays) {
    /**
     * The file each kind's staging models have all reached: for each kind, the lowest watermark of
     * the staging models that read its source table (0 when one of them never ran, or none reads it).
     */
    public record Reached(Map<FileKind, Integer> byKind, Map<FileKind, Integer> stagedByKind) {
        public Reached {
            byKind = Map.copyOf(byKind);
            stagedByKind = Map.copyOf(stagedByKind);
        }

        /** No file reached: where a run that rebuilds staging from the source layer starts, so it reports every file. */
        public static final Reached NOTHING = new Reached(Map.of(), Map.of());

        /** What {@code staging} (the staging models) have reached now, by the watermarks {@code runner} reads. */
        public static Reached now(ModelRunner runner, List<Model> staging) throws SQLException {
            Map<FileKind, Integer> byKind = new EnumMap<>(FileKind.class);
            Map<FileKind, Integer> stagedByKind = new EnumMap<>(FileKind.class);
            for (FileKind kind : FileKind.values()) {
                List<Model> readers = staging.stream().filter(model -> model.dependsOn().contains(kind.sourceTable())).toList();
                byKind.put(kind, readers.isEmpty() ? 0 : runner.lowestWatermark(readers));
                // the model that stages the kind's table, staging.X for source.X (0 when it never ran)
                stagedByKind.put(kind, runner.watermark("staging." + kind.sourceTable().substring(kind.sourceTable().indexOf('.') + 1)).orElse(0));
            }
            return new Reached(byKind, stagedByKind);
        }

        /**
         * Where a full refresh of {@code staging} started: nothing for each kind whose staging
         * models in {@code rebuilt} all rebuilt their tables, this for the others (a model that
         * failed rolled back to its old watermark: counting its files from nothing reported every
         * file as staged again by a run that staged none of them).
         */
        public Reached restagedBy(List<Model> staging, java.util.Set<String> rebuilt) {
            Map<FileKind, Integer> from = new EnumMap<>(FileKind.class);
            Map<FileKind, Integer> stagedFrom = new EnumMap<>(FileKind.class);
            for (FileKind kind : FileKind.values()) {
                boolean all = staging.stream().filter(model -> model.dependsOn().contains(kind.sourceTable())).allMatch(model -> rebuilt.contains(model.name()));
                from.put(kind, all ? 0 : of(kind));
                String stager = "staging." + kind.sourceTable().substring(kind.sourceTable().indexOf('.') + 1);
                stagedFrom.put(kind, rebuilt.contains(stager) ? 0 : stagedByKind.getOrDefault(kind, 0));
            }
            return new Reached(from, stagedFrom);
        }

        int of(FileKind kind) {
            return byKind.getOrDefault(kind, 0);
        }

        /** SQL: the files of {@code kind} that the model staging its table took in {@code (this, after]}, as a condition on {@code file_id}. */
        String range(Reached after, FileKind kind) {
            return " WHERE file_id > " + stagedByKind.getOrDefault(kind, 0) + " AND file_id <= " + after.stagedByKind.getOrDefault(kind, 0);
        }
    }

    /**
     * Counts what the staging models took between {@code before} and {@code after}, and marks the
     * loaded files they have reached that are not yet marked as transformed by {@code runId}, in
     * one transaction. The files counted are those between the marks and those marked now: from
     * {@link Reached#NOTHING}, as in a full refresh, every file the staging models reached.
     */
    public static StagedFiles markTransformed(Connection connection, int runId, Reached before, Reached after) throws SQLException {
        return Transaction.run(connection, () -> {
            String events = before.range(after, FileKind.SPARKIFY_EVENTS);
            String songs = before.range(after, FileKind.SPARKIFY_SONGS);
            String plays = before.range(after, FileKind.SPOTIFY_EXPORT);
            long sourceRows = scalar(connection, "SELECT count(*) FROM source.sparkify_events" + events);
            long songCount = scalar(connection, "SELECT count(DISTINCT song_id) FROM source.sparkify_songs" + songs);
            long playRows = scalar(connection, "SELECT count(*) FROM source.spotify_streams" + plays);
            long newEvents = scalar(connection, "SELECT count(*) FROM staging.sparkify_events" + events);
            long newPlays = scalar(connection, "SELECT count(*) FROM staging.spotify_streams" + plays);
            long repaired = scalar(connection, "SELECT (SELECT count(*) FROM staging.sparkify_events" + events + " AND repaired)"
                    + " + (SELECT count(*) FROM staging.sparkify_songs" + songs + " AND repaired)");
            String reached = after.byKind().entrySet().stream()
                    .map(kind -> "(kind = '" + kind.getKey().cliName() + "' AND file_id <= " + kind.getValue() + ")")
                    .collect(Collectors.joining(" OR "));
            String taken = after.byKind().entrySet().stream()
                    .map(kind -> "(kind = '" + kind.getKey().cliName() + "' AND file_id > " + before.of(kind.getKey()) + " AND file_id <= " + kind.getValue() + ")")
                    .collect(Collectors.joining(" OR "));
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE meta.files SET transformed_run_id = " + runId
                        + " WHERE status = 'loaded' AND transformed_run_id IS NULL AND (" + reached + ")");
            }
            long files = scalar(connection, "SELECT count(*) FROM meta.files WHERE status = 'loaded' AND (transformed_run_id = " + runId
                    + (taken.isEmpty() ? "" : " OR " + taken) + ")");
            return new StagedFiles((int) files, sourceRows, songCount, newEvents, repaired, playRows, newPlays);
        });
    }

    static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
