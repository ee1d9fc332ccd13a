package soundstage.transform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import soundstage.core.CheckResult;
import soundstage.core.ErrorMessage;
import soundstage.core.Progress;
import soundstage.core.Transaction;
import soundstage.core.Warehouse;

/**
 * Transforms what was ingested and not yet transformed, then checks the result.
 *
 * <p>Every model runs in dependency order through a {@link ModelRunner}: each in its own
 * transaction with its watermark, merging only the files that arrived since it last ran (or, with
 * {@code fullRefresh}, rebuilding its table from the source layer). A run that fails or is killed
 * leaves every model either as it was or fully brought up to date; the next run (or any model run
 * on its own) continues from each model's watermark, so running again gives the tables of an
 * uninterrupted run, and a run with nothing new changes nothing. Between the staging models and
 * the others, the files the staging models took are marked as transformed by this run.
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
        return run(Progress.NONE, false);
    }

    /** As {@link #run()}, reporting models done out of all models to {@code progress}. */
    public RunReport run(Progress progress) throws SQLException {
        return run(progress, false);
    }

    /**
     * As {@link #run()}; with {@code fullRefresh} every model rebuilds its table from the source
     * layer (staging included), which gives the same tables as the incremental runs that led here.
     */
    public RunReport run(Progress progress, boolean fullRefresh) throws SQLException {
        RunLog log = new RunLog(connection);
        int runId = log.start(fullRefresh ? "run --full-refresh" : "run");
        try {
            ModelRunner runner = new ModelRunner(connection, graph);
            int total = graph.models().size();
            int before = stagingWatermark(runner);
            int done = 0;
            for (Model model : graph.staging()) {
                progress.update(done++, total);
                runner.run(model, runId, fullRefresh);
            }
            Staged staged = Transaction.run(connection, () -> markTransformed(runId, before, stagingWatermark(runner)));
            for (Model model : graph.models()) {
                if (!model.layer().equals("staging")) {
                    progress.update(done++, total);
                    runner.run(model, runId, fullRefresh);
                }
            }
            progress.update(total, total);
            long songplays = count("analytics.songplays");
            RunReport.Spotify spotify = new RunReport.Spotify(staged.newPlays(), staged.playRows() - staged.newPlays(),
                    scalar("SELECT count(*) FROM central.spotify_streams WHERE history = 'extended'"),
                    scalar("SELECT count(*) FROM central.spotify_streams WHERE history = '12-month'"),
                    scalar("SELECT (SELECT count(*) FROM staging.spotify_streams WHERE history = '12-month')"
                            + " - (SELECT count(*) FROM central.spotify_streams WHERE history = '12-month')"));
            CheckRunner checkRunner = new CheckRunner(connection, warehouse.dialect());
            List<CheckResult> checks = fullRefresh ? checkRunner.run(runId) : checkRunner.runIncremental(runId);
            RunReport report = new RunReport(runId, staged.files(), staged.newEvents(),
                    staged.sourceRows() - staged.newEvents(), staged.songs(), staged.repaired(), songplays, spotify, checks);
            log.finish(runId, report.passed(), report.passed() ? staged.files() + " files transformed" : "a blocking check failed");
            return report;
        } catch (SQLException | RuntimeException e) {
            log.finish(runId, false, ErrorMessage.of(e));
            throw e;
        }
    }

    /** What the staging models of a run did: the files above the staging watermark before the run, up to the one after. */
    private record Staged(int files, long sourceRows, long songs, long newEvents, long repaired, long playRows, long newPlays) {
    }

    /** The file every staging model has reached: the lowest of their watermarks (0 when one never ran). */
    private int stagingWatermark(ModelRunner runner) throws SQLException {
        int lowest = Integer.MAX_VALUE;
        for (Model model : graph.staging()) {
            lowest = Math.min(lowest, runner.watermark(model.name()).orElse(0));
        }
        return lowest == Integer.MAX_VALUE ? 0 : lowest;
    }

    /**
     * Counts what the staging models took from the files in {@code (low, high]}, and marks the
     * loaded files up to {@code high} not yet marked as transformed by this run. New staged rows
     * keep the file id of their first copy, which is one of those files.
     */
    private Staged markTransformed(int runId, int low, int high) throws SQLException {
        String range = " WHERE file_id > " + low + " AND file_id <= " + high;
        long sourceRows = scalar("SELECT count(*) FROM source.sparkify_events" + range);
        long songs = scalar("SELECT count(DISTINCT song_id) FROM source.sparkify_songs" + range);
        long playRows = scalar("SELECT count(*) FROM source.spotify_streams" + range);
        long newEvents = scalar("SELECT count(*) FROM staging.sparkify_events" + range);
        long newPlays = scalar("SELECT count(*) FROM staging.spotify_streams" + range);
        long repaired = scalar("SELECT (SELECT count(*) FROM staging.sparkify_events" + range + " AND repaired)"
                + " + (SELECT count(*) FROM staging.sparkify_songs" + range + " AND repaired)");
        int files;
        try (Statement statement = connection.createStatement()) {
            files = statement.executeUpdate("UPDATE meta.files SET transformed_run_id = " + runId
                    + " WHERE status = 'loaded' AND transformed_run_id IS NULL AND file_id <= " + high);
        }
        return new Staged(files, sourceRows, songs, newEvents, repaired, playRows, newPlays);
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
