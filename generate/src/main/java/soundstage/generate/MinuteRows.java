package soundstage.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collapses plays into the rows of the account data's streaming history: plays of the same item
 * (equal names) that end in the same minute become one row, whose {@code msPlayed} is their sum.
 * Rows of one minute come in the order their first play came.
 *
 * <p>Plays must come in time order; only the current minute's rows are held.
 */
final class MinuteRows {

    /** Receives the rows. */
    @FunctionalInterface
    interface RowSink {
        /**
         * @param minuteMillis the minute the plays ended in, epoch milliseconds
         * @param names the names of the item, as given to {@link #add}
         */
        void accept(long minuteMillis, String[] names, long msPlayed) throws IOException;
    }

    private static final long MINUTE = 60_000;

    private final RowSink sink;
    private final List<String[]> names = new ArrayList<>();
    private long[] msPlayed = new long[8];
    private long minute = Long.MIN_VALUE;

    MinuteRows(RowSink sink) {
        this.sink = sink;
    }

    /** Adds a play that ended at {@code endMillis}, after every play added before. */
    void add(long endMillis, String[] itemNames, long playedMs) throws IOException {
        long playMinute = Math.floorDiv(endMillis, MINUTE) * MINUTE;
        if (playMinute != minute) {
            flush();
            minute = playMinute;
        }
        for (int i = 0; i < names.size(); i++) {
            if (Arrays.equals(names.get(i), itemNames)) {
                msPlayed[i] += playedMs;
                return;
            }
        }
        if (names.size() == msPlayed.length) {
            msPlayed = Arrays.copyOf(msPlayed, 2 * msPlayed.length);
        }
        msPlayed[names.size()] = playedMs;
        names.add(itemNames);
    }

    /** Passes on the rows of the last minute. */
    void finish() throws IOException {
        flush();
    }

    private void flush() throws IOException {
        for (int i = 0; i < names.size(); i++) {
            sink.accept(minute, names.get(i), msPlayed[i]);
        }
        names.clear();
    }
}
