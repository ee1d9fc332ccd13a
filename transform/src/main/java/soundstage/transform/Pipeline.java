package soundstage.transform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import soundstage.core.CheckResult;
import soundstage.core.Progress;
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
            ModelRunner runner = new ModelRunner(warehouse, graph);
            int total = graph.models().size();
            StagedFiles.Reached before = fullRefresh ? StagedFiles.Reached.NOTHING : StagedFiles.Reached.now(runner, graph.staging());
            int done = 0;
            for (Model model : graph.staging()) {
                progress.update(done++, total);
                runner.run(model, runId, fullRefresh);
            }
            StagedFiles staged = StagedFiles.markTransformed(connection, runId, before, StagedFiles.Reached.now(runner, graph.staging()));
            for (Model model : graph.models()) {
                if (!model.layer().equals("staging")) {
                    progress.update(done++, total);
                    runner.run(model, runId, fullRefresh);
                }
            }
            progress.update(total, total);
            CheckRunner checkRunner = new CheckRunner(connection, warehouse.dialect());
            List<CheckResult> checks = fullRefresh ? checkRunner.run(runId) : checkRunner.runIncremental(runId);
            RunReport report = RunReport.of(connection, runId, staged, checks);
            log.finish(runId, report.passed(), report.passed() ? staged.files() + " files transformed" : "a blocking check failed");
            return report;
        } catch (SQLException | RuntimeException e) {
            log.failed(runId, e);
            throw e;
        }
    }
}
