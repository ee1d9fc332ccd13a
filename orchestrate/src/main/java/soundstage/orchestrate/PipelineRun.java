package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import soundstage.core.CheckResult;
import soundstage.core.DiskFull;
import soundstage.core.Progress;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.transform.ModelGraph;
import soundstage.transform.ModelRunner;
import soundstage.transform.RunReport;
import soundstage.transform.StagedFiles;

/**
 * A run of the pipeline on one opened warehouse: the task graph of the configuration and the
 * shipped models, run by a {@link TaskRunner}, and the report of what the run brought in.
 */
public final class PipelineRun {
    private final Warehouse warehouse;
    private final PipelineConfig config;
    private final ModelGraph models;
    private final TaskGraph graph;

    public PipelineRun(Warehouse warehouse, PipelineConfig config) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.config = requireNonNull(config, "config is null");
        this.models = ModelGraph.load(warehouse.dialect());
        this.graph = TaskGraph.of(config, models);
    }

    /** How a run ended, and what it brought in. */
    public record Outcome(RunResult result, RunReport report) {
        public boolean succeeded() {
            return result.succeeded();
        }
    }

    public TaskGraph graph() {
        return graph;
    }

    /**
     * Runs the request's tasks, then marks the files the staging models took as transformed by
     * this run and reports them.
     *
     * @param listener told each task's result as soon as it is known
     * @param warnings one line per ingested file whose shape is not fully known
     * @param pause how to wait before retrying a task
     * @param progress told how much of the run is done (after {@code listener} heard of each task)
     */
    public Outcome execute(RunRequest request, Consumer<TaskResult> listener, Consumer<String> warnings, TaskRunner.Pause pause, Progress progress)
            throws SQLException, IOException {
        ModelRunner models = new ModelRunner(warehouse, this.models);
        try {
            models.requireTablesTheSchemaMade(this.models.models());
        } catch (UserException refused) {
            // Recorded as a failed run, so that runs, status and serve do not go on showing the
            // last success of a scheduled job that no longer runs (and a schedule moves on).
            RunHistory history = new RunHistory(warehouse.connection());
            history.finish(history.start(request), false, refused.getMessage());
            throw refused;
        }
        StagedFiles.Reached before = StagedFiles.Reached.now(models, this.models.staging());
        RunProgress runProgress = new RunProgress(progress, request.tasks().size());
        RunResult result;
        List<CheckResult> checks;
        try (PipelineTasks tasks = new PipelineTasks(warehouse, config, this.models, request.fullRefresh(), request.backfill(), warnings, runProgress)) {
            result = new TaskRunner(warehouse.connection(), tasks, config.retries(), new RunLogFile.Folder(config.logFolder(warehouse.address()), warehouse.address()), pause,
                    task -> {
                        listener.accept(task);
                        runProgress.taskEnded();
                    }).run(request);
            checks = tasks.checks();
        }
        if (request.fullRefresh() && request.resumes() == null) {
            // A full refresh stages every file again, and reports them all (a resumed one only what
            // it does), for the kinds whose staging models did rebuild.
            before = before.restagedBy(this.models.staging(), result.tasks().stream()
                    .filter(task -> task.status().equals("succeeded")).map(TaskResult::task).collect(java.util.stream.Collectors.toSet()));
        }
        StagedFiles staged;
        try {
            staged = StagedFiles.markTransformed(warehouse.connection(), result.runId(), before, StagedFiles.Reached.now(models, this.models.staging()));
        } catch (SQLException e) {
            // After a task failed on a full disk, DuckDB refuses the next commit with "no transaction
            // is active": the task's failure is the reason to show.
            for (TaskResult task : result.tasks()) {
                if (task.status().equals("failed") && DiskFull.says(task.detail())) {
                    throw new SQLException(task.task() + ": " + task.detail(), e);
                }
            }
            throw e;
        }
        return new Outcome(result, RunReport.of(warehouse.connection(), result.runId(), staged, checks));
    }
}
