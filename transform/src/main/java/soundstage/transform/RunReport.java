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
 * @param checks the checks' results
 */
public record RunReport(int runId, int files, long newEvents, long duplicateEvents, long songs, long repaired,
                        long songplays, List<CheckResult> checks) {
    public RunReport {
        checks = List.copyOf(checks);
    }

    /** True when no blocking check failed. */
    public boolean passed() {
        return checks.stream().allMatch(check -> check.passed() || !check.blocking());
    }
}
