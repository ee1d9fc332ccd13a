package soundstage.transform;

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
     * @param upgraded 12-month records replaced by extended records
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

    /** True when no blocking check failed. */
    public boolean passed() {
        return checks.stream().allMatch(check -> check.passed() || !check.blocking());
    }
}
