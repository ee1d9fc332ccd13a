package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scheduler on a clock that moves only when the scheduler sleeps or a run takes time. */
class TestScheduler {
    private Instant now = Instant.parse("2026-11-22T10:15:00Z");
    private final List<Instant> ran = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private Scheduler scheduler(String cron, boolean catchUp) {
        return new Scheduler(new ScheduleConfig(cron, ZoneId.of("UTC"), catchUp), clock, duration -> now = now.plus(duration), lines::add);
    }

    private Scheduler.Job job(Duration takes) {
        return scheduledFor -> {
            ran.add(scheduledFor);
            now = now.plus(takes);
            return true;
        };
    }

    @Test
    void runsAtEachFireTime() {
        int runs = scheduler("0 3 * * *", false).loop(Optional.of(Instant.parse("2026-11-19T03:00:00Z")), 2, job(Duration.ofMinutes(5))).runs();
        assertThat(runs).isEqualTo(2);
        // No catch-up: the missed runs of the 20th, 21st and 22nd are not made up.
        assertThat(ran).containsExactly(Instant.parse("2026-11-23T03:00:00Z"), Instant.parse("2026-11-24T03:00:00Z"));
        assertThat(lines.get(0)).isEqualTo("next run at 2026-11-23T03:00Z (0 3 * * *, UTC)");
    }

    @Test
    void catchUpMakesUpEachMissedRunOnceOldestFirst() {
        scheduler("0 3 * * *", true).loop(Optional.of(Instant.parse("2026-11-19T03:00:00Z")), 4, job(Duration.ofMinutes(5)));
        assertThat(ran).containsExactly(Instant.parse("2026-11-20T03:00:00Z"), Instant.parse("2026-11-21T03:00:00Z"),
                Instant.parse("2026-11-22T03:00:00Z"), Instant.parse("2026-11-23T03:00:00Z"));
        assertThat(lines.get(0)).isEqualTo("catching up the run of 2026-11-20T03:00Z");
    }

    @Test
    void aRunLongerThanTheIntervalLetsTheFireTimesItCoversPass() {
        scheduler("*/10 * * * *", false).loop(Optional.empty(), 3, job(Duration.ofMinutes(25)));
        assertThat(ran).containsExactly(Instant.parse("2026-11-22T10:20:00Z"), Instant.parse("2026-11-22T10:50:00Z"), Instant.parse("2026-11-22T11:20:00Z"));
    }

    @Test
    void aFailedRunDoesNotStopTheSchedule() {
        Scheduler.Loop loop = scheduler("0 * * * *", false).loop(Optional.empty(), 2, scheduledFor -> {
            ran.add(scheduledFor);
            throw new IllegalStateException("disk full");
        });
        assertThat(ran).hasSize(2);
        assertThat(lines).contains("the run for 2026-11-22T11:00Z failed: disk full; the schedule goes on",
                "the run for 2026-11-22T12:00Z failed: disk full; that was the last run (--max-runs)");
        assertThat(loop.lastSucceeded()).isFalse();
    }

    /** With --max-runs the command's exit code is the last run's: it was 0 after a failed one. */
    @Test
    void theLoopSaysWhetherItsLastRunSucceeded() {
        List<Boolean> outcomes = new ArrayList<>(List.of(false, true));
        assertThat(scheduler("0 * * * *", false).loop(Optional.empty(), 2, scheduledFor -> outcomes.remove(0)))
                .isEqualTo(new Scheduler.Loop(2, true));
        assertThat(scheduler("0 * * * *", false).loop(Optional.empty(), 1, scheduledFor -> false)).isEqualTo(new Scheduler.Loop(1, false));
        assertThat(lines).contains("the run for 2026-11-22T11:00Z failed; the schedule goes on (see: soundstage runs)");
    }
}
