package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;

/**
 * When {@code soundstage schedule} runs the pipeline.
 *
 * @param cron a five-field cron expression (minute hour day-of-month month day-of-week)
 * @param zone the time zone the expression is read in
 * @param catchUp whether runs missed while the scheduler was not running are made up, once each
 */
public record ScheduleConfig(String cron, ZoneId zone, boolean catchUp) {
    /** Daily at 03:00 UTC, no catch-up: what the pipelines Soundstage replaces do. */
    public static final ScheduleConfig DEFAULT = new ScheduleConfig("0 3 * * *", ZoneId.of("UTC"), false);

    public ScheduleConfig {
        requireNonNull(cron, "cron is null");
        requireNonNull(zone, "zone is null");
    }
}
