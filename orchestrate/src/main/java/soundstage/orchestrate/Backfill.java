package soundstage.orchestrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import soundstage.core.UserException;
import soundstage.transform.ModelGraph;
import soundstage.transform.ModelRunner;

/**
 * {@code soundstage backfill --from DATE --to DATE}: the event dates to reprocess, and the files
 * {@code (low, high]} that hold the staged events and plays of those dates. Every model after
 * staging runs its merge again over those files, which recomputes the partitions they touch
 * (those dates, and the users, songs and months of their rows) from the staging layer as it is.
 *
 * @param from first event date (UTC), inclusive
 * @param to last event date, inclusive
 * @param low the files after this id...
 * @param high ...up to this one hold the dates' events
 */
public record Backfill(LocalDate from, LocalDate to, int low, int high) {
    public Backfill {
        requireOrdered(from, to);
    }

    private static void requireOrdered(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new UserException("backfill --to " + to + " is before --from " + from + "; give the earlier date first.");
        }
    }

    /**
     * Refuses a warehouse whose tables are behind the files it has loaded (a run stopped part-way,
     * or files were ingested since the last run; a duplicate or rejected file adds no row, so it
     * does not count): a backfill computes past partitions again from
     * each model's inputs as they are, and its checks look at every row, so the tables must agree
     * with each other first.
     */
    public static void requireUpToDate(Connection connection, ModelGraph graph) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT coalesce(max(file_id), 0) FROM meta.files WHERE status = 'loaded'");
             ResultSet row = query.executeQuery()) {
            row.next();
            // A model that never ran, or whose SQL changed since it built its table, is behind too.
            if (row.getInt(1) > ModelRunner.reached(connection, graph) || !ModelRunner.outdated(connection, graph).isEmpty()) {
                throw new UserException("Some tables are behind the files already loaded (a run stopped part-way, files were ingested since the last run, or no run built them yet), "
                        + "and a backfill needs every table up to date: run `soundstage run` first, then the backfill.");
            }
        }
    }

    /** The files of the staged rows whose event date is in {@code [from, to]}; empty when there are none. */
    public static Optional<Backfill> of(Connection connection, LocalDate from, LocalDate to) throws SQLException {
        requireOrdered(from, to);
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT min(file_id), max(file_id) FROM (
                    SELECT file_id FROM staging.sparkify_events WHERE start_time >= ? AND start_time < ?
                    UNION ALL
                    SELECT file_id FROM staging.spotify_streams WHERE ts >= ? AND ts < ?
                ) AS dated""")) {
            for (int i = 0; i < 4; i += 2) {
                query.setObject(i + 1, from.atStartOfDay());
                query.setObject(i + 2, to.plusDays(1).atStartOfDay());
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                int first = row.getInt(1);
                if (row.wasNull()) {
                    return Optional.empty();
                }
                return Optional.of(new Backfill(from, to, first - 1, row.getInt(2)));
            }
        }
    }
}
