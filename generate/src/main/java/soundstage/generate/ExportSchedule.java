package soundstage.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When a listener listened last and asked for their data.
 *
 * <p>The extended history is requested in the years its format was current, then the listener
 * goes on listening for 20 to 80 days (at most a tenth of the history, so that a short history's
 * extended export still holds most of its plays; a history of under ten days ends before it), and asks for account data ("last 12 months")
 * four or five times, every two to four months, the last time a few days after their last play.
 * So successive account data exports overlap by eight to ten months, at least one of them is
 * older than the extended history, and the last one holds plays the extended history lacks.
 *
 * @param lastListeningDay the last day of the listening history
 * @param extended request date of the extended streaming history
 * @param accountData request dates of the account data exports, oldest first
 */
record ExportSchedule(LocalDate lastListeningDay, LocalDate extended, List<LocalDate> accountData) {

    ExportSchedule {
        accountData = List.copyOf(accountData);
    }

    /** Draws the dates of a history of about {@code spanDays} days (see {@link ListeningHistory#spanDays}). */
    static ExportSchedule draw(ExtendedFormat format, long spanDays, SplittableRandom random) {
        LocalDate extended = format.firstRequest().plusDays(random.nextInt(format.requestWindowDays()));
        // At most a tenth of the history after the extended request. A history of under ten days
        // ends before it: two days before, as a listening day runs until 04:00 home time the next day.
        long after = Math.min(20 + random.nextInt(61), spanDays / 10);
        LocalDate lastListeningDay = extended.plusDays(after == 0 ? -2 : after);
        // Two days at least: a listening day runs until 04:00 home time on the next calendar day.
        LocalDate request = lastListeningDay.plusDays(2 + random.nextInt(3));
        List<LocalDate> accountData = new ArrayList<>();
        int exports = 4 + random.nextInt(2);
        for (int i = 0; i < exports; i++) {
            accountData.add(request);
            request = request.minusDays(60 + random.nextInt(61));
        }
        Collections.reverse(accountData);
        return new ExportSchedule(lastListeningDay, extended, accountData);
    }
}
