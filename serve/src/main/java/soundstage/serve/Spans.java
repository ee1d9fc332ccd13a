package soundstage.serve;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A date range cut into the pieces the dashboard's roll-ups hold: whole spans of 512, 64 and 8
 * days ({@code dashboard.song_spans}, {@code listener_bits}: spans aligned on 1970-01-01, as
 * {@code meta.span_start} aligns them) and the single days left over ({@code song_days},
 * {@code listener_days}). The largest spans inside the range come first; what is left at each
 * end is less than one span and is cut into the next length down. So any range reads at most
 * 7 spans of each length (and 7 days) at each end, however long it is.
 */
final class Spans {
    /** The span lengths of the roll-up tables, longest first. */
    static final int[] LENGTHS = {512, 64, 8};

    /**
     * Spans of {@code spanDays} days (1: single days) whose first days lie in {@code [first, last]},
     * all inside the range.
     */
    record Piece(int spanDays, LocalDate first, LocalDate last) {
    }

    private Spans() {
    }

    /** The pieces that cover {@code [from, to]} (both included) exactly once, in date order. */
    static List<Piece> cover(LocalDate from, LocalDate to) {
        List<Piece> pieces = new ArrayList<>();
        cover(from.toEpochDay(), to.toEpochDay(), 0, pieces);
        return pieces;
    }

    private static void cover(long from, long to, int length, List<Piece> pieces) {
        if (from > to) {
            return;
        }
        if (length == LENGTHS.length) {
            pieces.add(new Piece(1, LocalDate.ofEpochDay(from), LocalDate.ofEpochDay(to)));
            return;
        }
        int span = LENGTHS[length];
        long first = Math.floorDiv(from + span - 1, span) * span;   // the first span that starts in the range
        long end = Math.floorDiv(to + 1, span) * span;              // the day after the last span that ends in it
        if (first >= end) {
            cover(from, to, length + 1, pieces);
            return;
        }
        cover(from, first - 1, length + 1, pieces);
        pieces.add(new Piece(span, LocalDate.ofEpochDay(first), LocalDate.ofEpochDay(end - span)));
        cover(end, to, length + 1, pieces);
    }
}
