package soundstage.transform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import soundstage.core.CheckResult;
import soundstage.core.ErrorMessage;
import soundstage.core.Progress;
import soundstage.core.SqlScript;
import soundstage.core.Transaction;
import soundstage.core.Warehouse;

/**
 * Transforms what was ingested and not yet transformed, then checks the result.
 *
 * <p>The transform is one transaction: the files it takes (those loaded, not yet transformed),
 * every model and the marking of those files as transformed commit together, so a run that
 * fails or is killed leaves the warehouse as it was, and running again changes nothing.
 */
public final class Pipeline {
    private final Warehouse warehouse;
    private final Connection connection;
    private final ModelGraph graph;

    public Pipeline(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.connection = warehouse.connection();
        this.graph = ModelGraph.load(warehouse.dialect());
    }

    public ModelGraph graph() {
        return graph;
    }

    /** Runs the models, then the checks; records the run and the check results in {@code meta}. */
    public RunReport run() throws SQLException {
        return run(Progress.NONE);
    }

    /** As {@link #run()}, reporting models done out of all models to {@code progress}. */
    public RunReport run(Progress progress) throws SQLException {
        RunLog log = new RunLog(connection);
        int runId = log.start("run");
        try {
            Transformed transformed = Transaction.run(connection, () -> transform(runId, progress));
            long songplays = count("analytics.songplays");
            List<CheckResult> checks = new CheckRunner(connection, warehouse.dialect()).run(runId);
            RunReport report = new RunReport(runId, transformed.files(), transformed.newEvents(),
                    transformed.sourceRows() - transformed.newEvents(), transformed.songs(), transformed.repaired(), songplays, checks);
            log.finish(runId, report.passed(), report.passed() ? transformed.files() + " files transformed" : "a blocking check failed");
            return report;
        } catch (SQLException | RuntimeException e) {
            log.finish(runId, false, ErrorMessage.of(e));
            throw e;
        }
    }

    /** What the transaction of a run did, counted before its bookkeeping table is dropped. */
    private record Transformed(int files, long sourceRows, long songs, long newEvents, long repaired) {
    }

    /** Runs every model over the files not yet transformed and marks them; the caller holds the transaction. */
    private Transformed transform(int runId, Progress progress) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE run_files AS "
                    + "SELECT file_id, kind FROM meta.files WHERE transformed_run_id IS NULL AND status = 'loaded'");
            int files = (int) count("run_files");
            long sourceRows = scalar("SELECT count(*) FROM source.sparkify_events WHERE file_id IN (SELECT file_id FROM run_files)");
            long songs = scalar("SELECT count(DISTINCT song_id) FROM source.sparkify_songs WHERE file_id IN (SELECT file_id FROM run_files)");
            // Nothing new since a run that built every table: the tables are current as they are.
            boolean current = files == 0 && scalar("SELECT count(*) FROM meta.files WHERE transformed_run_id IS NOT NULL") > 0;
            int done = 0;
            for (Model model : current ? List.<Model>of() : graph.models()) {
                progress.update(done++, graph.models().size());
                try {
                    SqlScript.execute(connection, model.sql());
                } catch (SQLException e) {
                    throw new SQLException("model " + model.name() + " failed: " + ErrorMessage.of(e), e);
                }
            }
            progress.update(graph.models().size(), graph.models().size());
            // New staged rows keep the file id of their first copy, which is one of this run's files.
            long newEvents = scalar("SELECT count(*) FROM staging.sparkify_events WHERE file_id IN (SELECT file_id FROM run_files)");
            long repaired = scalar("SELECT (SELECT count(*) FROM staging.sparkify_events WHERE repaired AND file_id IN (SELECT file_id FROM run_files))"
                    + " + (SELECT count(*) FROM staging.sparkify_songs WHERE repaired AND file_id IN (SELECT file_id FROM run_files))");
            statement.execute("UPDATE meta.files SET transformed_run_id = " + runId + " WHERE file_id IN (SELECT file_id FROM run_files)");
            statement.execute("DROP TABLE run_files");
            return new Transformed(files, sourceRows, songs, newEvents, repaired);
        }
    }

    private long count(String table) throws SQLException {
        return scalar("SELECT count(*) FROM " + table);
    }

    private long scalar(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
