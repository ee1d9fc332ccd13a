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
        assertThat(CronSchedule.parse("*/05 3 */10 * *")).isNotNull();
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
