package soundstage.generate;

import java.time.LocalDate;

/**
 * Formats epoch milliseconds as the exports write times, in UTC: {@code 2020-03-12T01:20:18Z}
 * ({@code ts}) and {@code 2020-03-12 01:20} ({@code endTime}), both truncated, never rounded, so
 * an {@code endTime} is its play's {@code ts} cut to the minute.
 *
 * <p>Remembers the date of the last call, as consecutive plays mostly share a day. Not
 * thread-safe; each writer has its own.
 */
final class UtcText {

    private static final long DAY = 86_400_000L;

    private long cachedDay = Long.MIN_VALUE;
    private String cachedDate;

    /** {@code yyyy-MM-ddTHH:mm:ssZ}. */
    String seconds(long millis) {
        long secondOfDay = Math.floorMod(millis, DAY) / 1_000;
        StringBuilder text = new StringBuilder(20).append(date(millis)).append('T');
        twoDigits(text, secondOfDay / 3_600).append(':');
        twoDigits(text, secondOfDay / 60 % 60).append(':');
        return twoDigits(text, secondOfDay % 60).append('Z').toString();
    }

    /** {@code yyyy-MM-dd HH:mm}. */
    String minute(long millis) {
        long secondOfDay = Math.floorMod(millis, DAY) / 1_000;
        StringBuilder text = new StringBuilder(16).append(date(millis)).append(' ');
        twoDigits(text, secondOfDay / 3_600).append(':');
        return twoDigits(text, secondOfDay / 60 % 60).toString();
    }

    private String date(long millis) {
        long day = Math.floorDiv(millis, DAY);
        if (day != cachedDay) {
            cachedDay = day;
            cachedDate = LocalDate.ofEpochDay(day).toString();
        }
        return cachedDate;
    }

    private static StringBuilder twoDigits(StringBuilder text, long value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
