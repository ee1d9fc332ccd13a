package soundstage.transform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import soundstage.core.CheckResult;

/**
 * What {@code soundstage run} did.
 *
 * @param runId the run's id in {@code meta.runs}
 * @param files files whose rows this run carried into staging
 * @param newEvents events added to staging (after dedup)
 * @param duplicateEvents source rows of this run that were already staged or repeated
 * @param songs songs added or replaced in staging
 * @param repaired events and songs staged by this run whose names were repaired (double-decoded UTF-8)
 * @param songplays rows in analytics.songplays
 * @param spotify what the run did with Spotify plays
 * @param checks the checks' results
 */
public record RunReport(int runId, int files, long newEvents, long duplicateEvents, long songs, long repaired,
                        long songplays, Spotify spotify, List<CheckResult> checks) {
    /**
     * Spotify plays.
     *
     * @param newPlays plays added to staging (after dedup)
     * @param duplicatePlays source rows of this run that were already staged or repeated
     * @param extended extended records in central
     * @param twelveMonthOnly "Last 12 months" records in central: no extended record replaces them (yet)
     * @param upgraded 12-month records replaced by extended records (by one or several)
     */
    public record Spotify(long newPlays, long duplicatePlays, long extended, long twelveMonthOnly, long upgraded) {
        /** Whether the warehouse has any Spotify plays. */
        public boolean any() {
            return extended + twelveMonthOnly + upgraded + newPlays + duplicatePlays > 0;
        }
    }

    public RunReport {
        checks = List.copyOf(checks);
    }

    /**
     * The report of run {@code runId}, whose staging models took {@code staged}, as the warehouse
     * is now. A table no model has built yet (a run that selected part of the graph, or failed
     * before it) counts as empty.
     */
    public static RunReport of(Connection connection, int runId, StagedFiles staged, List<CheckResult> checks) throws SQLException {
        boolean central = exists(connection, "central", "spotify_streams");
        long songplays = exists(connection, "analytics", "songplays") ? StagedFiles.scalar(connection, "SELECT count(*) FROM analytics.songplays") : 0;
        Spotify spotify = new Spotify(staged.newPlays(), staged.playRows() - staged.newPlays(),
                central ? StagedFiles.scalar(connection, "SELECT count(*) FROM central.spotify_streams WHERE history = 'extended'") : 0,
                central ? StagedFiles.scalar(connection, "SELECT count(*) FROM central.spotify_streams WHERE history = '12-month'") : 0,
                // The 12-month records replaced: one per listener, creator, title and minute of the
                // extended records that replace one (as the upgrade matches them). Not staged 12-month
                // records less central's, which counted a 12-month record's copies (one play in
                // StreamingHistory0.json and StreamingHistory_podcast_0.json) as upgrades.
                central ? StagedFiles.scalar(connection, "SELECT count(*) FROM (SELECT DISTINCT listener, coalesce(creator, ''), coalesce(title, ''),"
                        + " date_trunc('minute', ts) FROM central.spotify_streams WHERE upgrades_12_month) AS replaced") : 0);
        return new RunReport(runId, staged.files(), staged.newEvents(), staged.sourceRows() - staged.newEvents(), staged.songs(), staged.repaired(),
                songplays, spotify, checks);
    }

    /** Whether table {@code schema.table} exists. */
    static boolean exists(Connection connection, String schema, String table) throws SQLException {
        return StagedFiles.scalar(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                + "' AND table_name = '" + table + "'") > 0;
    }

    /** True when no blocking check failed. */
    public boolean passed() {
        return checks.stream().allMatch(check -> check.passed() || !check.blocking());
    }
}
