package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class TestCronSchedule {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void daily() {
        CronSchedule daily = CronSchedule.parse("0 3 * * *");
        assertThat(daily.next(ZonedDateTime.of(2026, 11, 22, 2, 59, 0, 0, UTC))).isEqualTo(ZonedDateTime.of(2026, 11, 22, 3, 0, 0, 0, UTC));
        assertThat(daily.next(ZonedDateTime.of(2026, 11, 22, 3, 0, 0, 0, UTC))).isEqualTo(ZonedDateTime.of(2026, 11, 23, 3, 0, 0, 0, UTC));
    }

    @Test
    void missedRuns() {
        CronSchedule daily = CronSchedule.parse("0 3 * * *");
        assertThat(daily.between(ZonedDateTime.of(2026, 11, 19, 12, 0, 0, 0, UTC), ZonedDateTime.of(2026, 11, 22, 3, 0, 0, 0, UTC)))
                .containsExactly(ZonedDateTime.of(2026, 11, 20, 3, 0, 0, 0, UTC), ZonedDateTime.of(2026, 11, 21, 3, 0, 0, 0, UTC),
                        ZonedDateTime.of(2026, 11, 22, 3, 0, 0, 0, UTC));
    }

    /**
     * On the night clocks jump from 02:00 to 03:00, a daily 02:30 job runs right after the jump,
     * as cron runs it (it was skipped: no run that day); on the night they go back, it runs once;
     * an hourly job runs once at the jump, not twice.
     */
    @Test
    void aFireTimeThatADaylightSavingJumpSkipsFiresRightAfterTheJump() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        CronSchedule daily = CronSchedule.parse("30 2 * * *");
        assertThat(daily.between(ZonedDateTime.of(2025, 3, 28, 12, 0, 0, 0, berlin), ZonedDateTime.of(2025, 3, 31, 12, 0, 0, 0, berlin)))
                .containsExactly(ZonedDateTime.of(2025, 3, 29, 2, 30, 0, 0, berlin), ZonedDateTime.of(2025, 3, 30, 3, 0, 0, 0, berlin),
                        ZonedDateTime.of(2025, 3, 31, 2, 30, 0, 0, berlin));
        assertThat(daily.between(ZonedDateTime.of(2025, 10, 25, 12, 0, 0, 0, berlin), ZonedDateTime.of(2025, 10, 26, 12, 0, 0, 0, berlin))).hasSize(1);
        assertThat(CronSchedule.parse("0 * * * *").between(ZonedDateTime.of(2025, 3, 30, 1, 30, 0, 0, berlin), ZonedDateTime.of(2025, 3, 30, 4, 30, 0, 0, berlin)))
                .containsExactly(ZonedDateTime.of(2025, 3, 30, 3, 0, 0, 0, berlin), ZonedDateTime.of(2025, 3, 30, 4, 0, 0, 0, berlin));
        assertThat(CronSchedule.parse("30 3 * * *").next(ZonedDateTime.of(2025, 3, 30, 1, 0, 0, 0, berlin))).isEqualTo(ZonedDateTime.of(2025, 3, 30, 3, 30, 0, 0, berlin));
    }

    @Test
    void rangesStepsAndNames() {
        CronSchedule workHours = CronSchedule.parse("*/30 9-17 * * mon-fri");
        // Saturday 2026-11-21 10:00 -> Monday 09:00
        assertThat(workHours.next(ZonedDateTime.of(2026, 11, 21, 10, 0, 0, 0, UTC))).isEqualTo(ZonedDateTime.of(2026, 11, 23, 9, 0, 0, 0, UTC));
    }

    @Test
    void notCron() {
        assertThatThrownBy(() -> CronSchedule.parse("every day")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'every day' is not a cron expression (");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'61 * * * *' is not a cron expression (");
        assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'*/0 * * * *' is not a cron expression: a step of 0 ('*/0') never moves on; write a step of 1 or more, e.g. '*/15 * * * *' for every 15 minutes");
        // a step written with a leading zero is that step: every five minutes of 03:00 on days 1, 11, 21 and 31
        CronSchedule padded = CronSchedule.parse("*/05 3 */10 * *");
        assertThat(padded.next(ZonedDateTime.parse("2026-11-21T03:07Z"))).isEqualTo(ZonedDateTime.parse("2026-11-21T03:10Z"));
        assertThat(padded.next(ZonedDateTime.parse("2026-11-21T03:55Z"))).isEqualTo(ZonedDateTime.parse("2026-12-01T03:00Z"));
    }

    /** Well formed but never due: refused when the file is read, not when a schedule waits for it. */
    @Test
    void aDayTheMonthDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'0 0 30 2 *' never fires: the months it names have no such day; choose a day they have, e.g. '0 3 28 2 *'");
        assertThat(CronSchedule.parse("0 0 29 2 *").next(ZonedDateTime.parse("2026-12-05T00:00Z")))
                .isEqualTo(ZonedDateTime.parse("2028-02-29T00:00Z"));   // leap days do come
    }
}
