package soundstage.ingest.spotify;

import java.time.LocalDate;

/** Epoch microseconds as the text bulk loaders read as a timestamp: {@code 2020-03-12 01:20:18[.250000]}, UTC. */
public final class TimestampText {
    private TimestampText() {
    }

    public static String of(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int fraction = (int) Math.floorMod(micros, 1_000_000L);
        long day = Math.floorDiv(seconds, 86_400L);
        int second = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        StringBuilder text = new StringBuilder(26);
        int year = date.getYear();
        if (year < 1000 || year > 9999) {
            text.append(String.format("%04d", year));
        } else {
            text.append(year);
        }
        text.append('-');
        two(text, date.getMonthValue()).append('-');
        two(text, date.getDayOfMonth()).append(' ');
        two(text, second / 3600).append(':');
        two(text, second / 60 % 60).append(':');
        two(text, second % 60);
        if (fraction != 0) {
            String digits = Integer.toString(fraction);
            text.append('.').append("000000", 0, 6 - digits.length()).append(digits);
        }
        return text.toString();
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
