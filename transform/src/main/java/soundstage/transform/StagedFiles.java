package soundstage.transform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import soundstage.core.Transaction;

/**
 * What the staging models took from the files in {@code (low, high]} of {@code meta.files}: the
 * numbers a run reports. New staged rows keep the file id of their first copy, which is one of
 * those files.
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
     * Counts, and marks the loaded files up to {@code high} not yet marked as transformed by
     * {@code runId}, in one transaction.
     */
    public static StagedFiles markTransformed(Connection connection, int runId, int low, int high) throws SQLException {
        return Transaction.run(connection, () -> {
            String range = " WHERE file_id > " + low + " AND file_id <= " + high;
            long sourceRows = scalar(connection, "SELECT count(*) FROM source.sparkify_events" + range);
            long songs = scalar(connection, "SELECT count(DISTINCT song_id) FROM source.sparkify_songs" + range);
            long playRows = scalar(connection, "SELECT count(*) FROM source.spotify_streams" + range);
            long newEvents = scalar(connection, "SELECT count(*) FROM staging.sparkify_events" + range);
            long newPlays = scalar(connection, "SELECT count(*) FROM staging.spotify_streams" + range);
            long repaired = scalar(connection, "SELECT (SELECT count(*) FROM staging.sparkify_events" + range + " AND repaired)"
                    + " + (SELECT count(*) FROM staging.sparkify_songs" + range + " AND repaired)");
            int files;
            try (Statement statement = connection.createStatement()) {
                files = statement.executeUpdate("UPDATE meta.files SET transformed_run_id = " + runId
                        + " WHERE status = 'loaded' AND transformed_run_id IS NULL AND file_id <= " + high);
            }
            return new StagedFiles(files, sourceRows, songs, newEvents, repaired, playRows, newPlays);
        });
    }

    static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
