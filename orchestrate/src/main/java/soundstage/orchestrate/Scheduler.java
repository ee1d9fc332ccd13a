package soundstage.orchestrate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Consumer;
import soundstage.core.ErrorMessage;

/**
 * Runs a job at the fire times of a cron schedule, in the schedule's time zone. A run that fails
 * is reported and the schedule goes on: the next run takes up the work (every task is
 * incremental). A run that lasts past later fire times makes those fire times pass without a
 * run, as cron does. Missed runs (fire times while no scheduler was running, since the last
 * scheduled run the warehouse recorded) are made up once each, oldest first, only with
 * {@code catchUp}.
 */
public final class Scheduler {
    /** One scheduled run. */
    @FunctionalInterface
    public interface Job {
        /** Runs the pipeline for fire time {@code scheduledFor}; returns whether it succeeded. */
        boolean run(Instant scheduledFor) throws Exception;
    }

    private final CronSchedule cron;
    private final ScheduleConfig config;
    private final Clock clock;
    private final TaskRunner.Pause pause;
    private final Consumer<String> report;

    /**
     * @param report receives one line per event (waiting until, run started, run failed)
     */
    public Scheduler(ScheduleConfig config, Clock clock, TaskRunner.Pause pause, Consumer<String> report) {
        this.cron = CronSchedule.parse(config.cron());
        this.config = config;
        this.clock = clock.withZone(config.zone());
        this.pause = pause;
        this.report = report;
    }

    /**
     * What {@link #loop} did.
     *
     * @param runs the runs made
     * @param lastSucceeded whether the last of them succeeded (true when none was made)
     */
    public record Loop(int runs, boolean lastSucceeded) {
    }

    /**
     * Runs {@code job} at each fire time until {@code maxRuns} runs were made (0: for ever) or the
     * thread is interrupted.
     *
     * @param lastScheduled the fire time of the last scheduled run, for catch-up
     */
    public Loop loop(Optional<Instant> lastScheduled, int maxRuns, Job job) {
        int runs = 0;
        boolean succeeded = true;
        ZonedDateTime now = ZonedDateTime.now(clock);
        if (config.catchUp() && lastScheduled.isPresent()) {
            for (ZonedDateTime missed : cron.between(lastScheduled.get().atZone(config.zone()), now)) {
                if (maxRuns > 0 && runs >= maxRuns) {
                    return new Loop(runs, succeeded);
                }
                report.accept("catching up the run of " + missed.toOffsetDateTime());
                runs++;
                succeeded = runOnce(job, missed, maxRuns == 0 || runs < maxRuns);
            }
        }
        ZonedDateTime next = cron.next(ZonedDateTime.now(clock));
        while (maxRuns == 0 || runs < maxRuns) {
            report.accept("next run at " + next.toOffsetDateTime() + " (" + config.cron() + ", " + config.zone().getId() + ")");
            try {
                Duration wait = Duration.between(ZonedDateTime.now(clock), next);
                if (!wait.isNegative()) {
                    pause.pause(wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Loop(runs, succeeded);
            }
            runs++;
            succeeded = runOnce(job, next, maxRuns == 0 || runs < maxRuns);
            ZonedDateTime after = ZonedDateTime.now(clock);
            next = cron.next(after.isAfter(next) ? after : next);
        }
        return new Loop(runs, succeeded);
    }

    /** Runs the job for {@code fireTime}; says whether it succeeded, and of a failure, whether the schedule goes on. */
    private boolean runOnce(Job job, ZonedDateTime fireTime, boolean goesOn) {
        String then = goesOn ? "; the schedule goes on" : "; that was the last run (--max-runs)";
        try {
            if (job.run(fireTime.toInstant())) {
                return true;
            }
            report.accept("the run for " + fireTime.toOffsetDateTime() + " failed" + then + " (see: soundstage runs)");
        } catch (Exception e) {
            report.accept("the run for " + fireTime.toOffsetDateTime() + " failed: " + ErrorMessage.of(e) + then);
        }
        return false;
    }
}
