package soundstage.orchestrate;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A five-field Unix cron expression ({@code minute hour day-of-month month day-of-week}, with
 * ranges, lists, steps and names, as crontab reads them), and the times it fires.
 * Immutable and thread-safe.
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime times;

    private CronSchedule(String expression, ExecutionTime times) {
        this.expression = expression;
        this.times = times;
    }

    /**
     * Reads {@code expression}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static CronSchedule parse(String expression) {
        ExecutionTime times;
        if (expression.matches(".*/0*(\\D.*)?")) {   // cron-utils says "Period 0 not in range [0, 59]", which 0 is
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression: a step of 0 ('*/0') never moves on; "
                    + "write a step of 1 or more, e.g. '*/15 * * * *' for every 15 minutes");
        }
        try {
            times = ExecutionTime.forCron(UNIX.parse(expression.trim()).validate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression (" + e.getMessage()
                    + "); write five fields, minute hour day-of-month month day-of-week, e.g. '0 3 * * *' for daily at 03:00", e);
        }
        // Well formed, yet a day no month has ('0 0 30 2 *'): refused with the file, not when a schedule starts.
        if (times.nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty()) {
            throw new IllegalArgumentException("'" + expression + "' never fires: the months it names have no such day; choose a day they have, e.g. '0 3 28 2 *'");
        }
        return new CronSchedule(expression, times);
    }

    /**
     * The first time it fires after {@code after} (strictly), in {@code after}'s zone. A fire time
     * that a daylight-saving jump skips (02:30 on the night clocks go from 02:00 to 03:00) fires
     * right after the jump, as cron runs such a job; cron-utils alone passed over it, so a daily
     * job lost that day's run.
     */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime next = times.nextExecution(after).orElseThrow(() -> new IllegalStateException("'" + expression + "' never fires after " + after));
        ZoneRules rules = after.getZone().getRules();
        for (ZoneOffsetTransition jump = rules.nextTransition(after.toInstant()); jump != null && jump.getInstant().isBefore(next.toInstant());
                jump = rules.nextTransition(jump.getInstant())) {
            if (jump.isGap() && firesBetween(jump.getDateTimeBefore(), jump.getDateTimeAfter())) {
                return jump.getInstant().atZone(after.getZone());
            }
        }
        return next;
    }

    /** Whether it fires at a wall-clock time in {@code [from, until)}, whatever the zone. */
    private boolean firesBetween(LocalDateTime from, LocalDateTime until) {
        return times.nextExecution(from.minusSeconds(1).atZone(ZoneOffset.UTC))
                .filter(fire -> fire.toLocalDateTime().isBefore(until)).isPresent();
    }

    /** The times it fires after {@code after} and at or before {@code until}, oldest first: the runs a scheduler that was down missed. */
    public List<ZonedDateTime> between(ZonedDateTime after, ZonedDateTime until) {
        List<ZonedDateTime> fired = new ArrayList<>();
        for (ZonedDateTime time = next(after); !time.isAfter(until); time = next(time)) {
            fired.add(time);
        }
        return fired;
    }

    @Override
    public String toString() {
        return expression;
    }
}
