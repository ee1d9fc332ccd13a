package soundstage.orchestrate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import soundstage.core.CheckResult;
import soundstage.core.FileKind;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.Warehouse;
import soundstage.export.ExportSummary;
import soundstage.export.LakeExporter;
import soundstage.ingest.InputPaths;
import soundstage.transform.CheckRunner;
import soundstage.transform.ModelGraph;
import soundstage.transform.ModelRunner;

/**
 * What each kind of task does on one warehouse: ingest a configured source's new files, bring a
 * model up to date ({@link ModelRunner}), run the checks, write the lake. Each is atomic towards
 * the warehouse, so each may be retried or run again after a crash.
 *
 * <p>Where the warehouse runs models side by side ({@link Warehouse#modelWorkers}), model tasks
 * overlap, each thread bringing its models up to date on a worker session of its own, opened
 * before the first task and closed by {@link #close}; the other tasks use the warehouse's own
 * connection, alone. A server that takes no more sessions (at its connection limit) gets its
 * models brought up to date one at a time on the warehouse's own connection, with a warning,
 * rather than a run that fails.
 */
public final class PipelineTasks implements TaskAction, AutoCloseable {
    private final Warehouse warehouse;
    private final PipelineConfig config;
    private final ModelGraph models;
    private final ModelRunner runner;
    private final boolean fullRefresh;
    private final Consumer<String> warnings;
    private final Backfill backfill;
    private final Progress progress;
    private volatile List<CheckResult> checks = List.of();
    /** Each task thread's runner on its worker session, when models run side by side. */
    private final Map<Thread, ModelRunner> lanes = new ConcurrentHashMap<>();
    private final List<Connection> sessions = new CopyOnWriteArrayList<>();
    /** Worker sessions opened up front that no task thread has taken yet. */
    private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();
    /** How many tasks run side by side; 0 until the first call of {@link #workers}. */
    private int workers;

    /**
     * @param fullRefresh whether model tasks rebuild their tables from the source layer
     * @param backfill when not null, model tasks run their merges again over its files instead of
     *     bringing their tables up to date
     * @param warnings receives one line per file whose shape is not fully known (it still loads),
     *     and one when the server takes too few sessions to run models side by side
     * @param progress told the progress of the ingest or export under way
     */
    public PipelineTasks(Warehouse warehouse, PipelineConfig config, ModelGraph models, boolean fullRefresh, Backfill backfill, Consumer<String> warnings,
                         Progress progress) {
        this.warehouse = warehouse;
        this.config = config;
        this.models = models;
        this.runner = new ModelRunner(warehouse, models);
        this.fullRefresh = fullRefresh;
        this.backfill = backfill;
        this.warnings = warnings;
        this.progress = progress;
    }

    /** The results of the last checks task, for printing. */
    public List<CheckResult> checks() {
        return checks;
    }

    /** As many as the warehouse runs models side by side, or 1 when the server would not open the sessions for that. */
    @Override
    public synchronized int workers() {
        if (workers == 0) {
            workers = openWorkers(warehouse.modelWorkers());
        }
        return workers;
    }

    /** Whether the runner asked for workers and got more than one: tasks then run on task threads of their own. */
    private synchronized boolean sideBySide() {
        return workers > 1;
    }

    /**
     * Opens the worker sessions before any task starts, so that a server at its connection limit
     * (SQL state 53300) is found before a model fails on it: with fewer than two sessions the
     * models run one at a time on the warehouse's own connection. Any other failure is left to
     * the model tasks, which open their sessions again (and are retried as their failures allow).
     */
    private int openWorkers(int wanted) {
        if (wanted <= 1) {
            return 1;
        }
        try {
            while (sessions.size() < wanted) {
                Connection session = warehouse.openWorker();
                sessions.add(session);
                idle.add(session);
            }
            return wanted;
        } catch (SQLException e) {
            SQLException refused = refusedForTooManySessions(e);
            if (refused == null) {
                return wanted;
            }
            if (sessions.size() >= 2) {
                return sessions.size();
            }
            try {
                close();
            } catch (SQLException closing) {
                // Closing a session that was just opened failed: it ends with the process.
            }
            warnings.accept("PostgreSQL takes no more sessions (" + refused.getMessage().lines().findFirst().orElse("") + "), so this run brings its models "
                    + "up to date one at a time, on one session; raise max_connections (or the role's or database's connection limit) to let them run side by side");
            return 1;
        }
    }

    /** The server's refusal of a session for too many connections (SQL state 53300) among the causes of {@code failure}, or null. */
    private static SQLException refusedForTooManySessions(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "53300".equals(sql.getSQLState())) {
                return sql;
            }
        }
        return null;
    }

    @Override
    public boolean overlaps(Task task) {
        return task.kind() == Task.Kind.MODEL;
    }

    /** Closes the worker sessions the models ran on. */
    @Override
    public void close() throws SQLException {
        SQLException failed = null;
        for (Connection session : sessions) {
            try {
                session.close();
            } catch (SQLException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        sessions.clear();
        idle.clear();
        lanes.clear();
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public TaskOutcome run(Task task, int runId) throws Exception {
        return switch (task.kind()) {
            case INGEST -> ingest(source(task.subject()));
            case MODEL -> model(task.subject(), runId);
            case CHECKS -> checks(runId);
            case EXPORT -> export();
        };
    }

    private SourceConfig source(String name) {
        return config.sources().stream().filter(source -> source.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no source " + name));
    }

    private TaskOutcome ingest(SourceConfig source) throws Exception {
        List<Path> files = InputPaths.resolveSource(source.paths(), source.kind() != FileKind.SPOTIFY_EXPORT,
                warning -> warnings.accept("source " + source.name() + ": " + warning));
        if (files.isEmpty()) {
            // A landing pattern before its first file, or one that misses files that did land.
            List<String> hints = source.paths().stream().map(InputPaths::deeper).flatMap(Optional::stream).toList();
            hints.forEach(hint -> warnings.accept("source " + source.name() + ": no file matches its pattern; " + hint));
            return TaskOutcome.ok(0, 0, "no new files (none there yet" + (hints.isEmpty() ? "" : "; " + String.join("; ", hints)) + ")");
        }
        SeenFiles seen = new SeenFiles(warehouse.connection(), source.kind());
        List<SeenFiles.Stamp> stamps = seen.unseen(SeenFiles.stamp(files));
        // A Spotify source's paths are folders and zips as given (a folder is looked at as one): counted as folders, not as files.
        java.util.Set<Path> offered = stamps.stream().map(SeenFiles.Stamp::path).collect(java.util.stream.Collectors.toSet());
        List<Path> unchangedPaths = files.stream().filter(path -> !offered.contains(path.toAbsolutePath())).toList();
        long unchangedFolders = unchangedPaths.stream().filter(java.nio.file.Files::isDirectory).count();
        int unchanged = (int) (unchangedPaths.size() - unchangedFolders);
        String unchangedText = unchangedFolders == 0 ? String.valueOf(unchanged)
                : (unchanged > 0 ? unchanged + " files and " : "") + unchangedFolders + (unchangedFolders == 1 ? " folder" : " folders");
        if (stamps.isEmpty()) {
            return TaskOutcome.ok(0, 0, "no new files (" + unchangedText + " unchanged since they were ingested)");
        }
        String started = seen.now();
        IngestSummary summary = warehouse.ingest(source.kind(), stamps.stream().map(SeenFiles.Stamp::path).toList(),
                source.ingestOptions().withWarnings(warnings), progress);
        seen.record(seen.readable(stamps, started));
        return TaskOutcome.ok(summary.rows() + summary.quarantined(), summary.rows(), String.format(Locale.ROOT,
                "%d files (%d loaded, %d rejected, %d duplicates, %s unchanged since ingested), %d rows loaded, %d quarantined",
                summary.files() + unchanged, summary.loaded(), summary.rejected(), summary.duplicates(), unchangedText, summary.rows(), summary.quarantined()));
    }

    private TaskOutcome model(String name, int runId) throws Exception {
        ModelRunner runner = sideBySide() ? lane() : this.runner;
        if (backfill != null) {
            ModelRunner.ModelRun run = runner.rerun(models.model(name), backfill.low(), backfill.high());
            return TaskOutcome.ok(run.rowsIn(), run.rowsOut(), run.full() ? "built from scratch: " + run.rowsOut() + " rows"
                    : "merged files " + (run.low() + 1) + "-" + run.high() + " again: " + run.rowsIn() + " rows in, " + run.rowsOut() + " rows changed");
        }
        ModelRunner.ModelRun run = runner.run(models.model(name), runId, fullRefresh);
        String detail = run.full() ? "built from scratch: " + run.rowsOut() + " rows"
                : run.skipped() ? "up to date" : "merged files " + (run.low() + 1) + "-" + run.high() + ": " + run.rowsIn() + " rows in, " + run.rowsOut() + " rows changed";
        return TaskOutcome.ok(run.rowsIn(), run.rowsOut(), detail);
    }

    /** As many worker sessions as the warehouse runs models side by side: the models' (idle while checks run), opened where too few. */
    private List<Connection> checkSessions() throws SQLException {
        while (sessions.size() < workers()) {
            sessions.add(warehouse.openWorker());
        }
        return List.copyOf(sessions.subList(0, workers()));
    }

    /** This thread's runner, on a worker session: one opened up front, or one opened now when none is left. */
    private ModelRunner lane() throws SQLException {
        ModelRunner lane = lanes.get(Thread.currentThread());
        if (lane == null) {
            Connection session = idle.poll();
            if (session == null) {
                session = warehouse.openWorker();
                sessions.add(session);
            }
            lane = ModelRunner.onWorker(warehouse, session, models);
            lanes.put(Thread.currentThread(), lane);
        }
        return lane;
    }

    private TaskOutcome checks(int runId) throws Exception {
        CheckRunner runner = new CheckRunner(warehouse.connection(), warehouse.dialect(), sideBySide() ? checkSessions() : List.of());
        checks = fullRefresh || backfill != null ? runner.run(runId) : runner.runIncremental(runId);
        List<String> failed = checks.stream().filter(check -> check.blocking() && !check.passed()).map(CheckResult::name).toList();
        long warned = checks.stream().filter(check -> !check.blocking() && !check.passed()).count();
        long blocking = checks.stream().filter(CheckResult::blocking).count();
        String detail = failed.isEmpty() ? "all " + blocking + " blocking checks passed" + (warned > 0 ? ", " + warned + " warning(s)" : "")
                : failed.size() + " blocking check(s) failed: " + String.join(", ", failed);
        return new TaskOutcome(failed.isEmpty(), checks.size(), failed.size(), detail);
    }

    private TaskOutcome export() throws Exception {
        LakeConfig lake = config.lake();
        ExportSummary summary = new LakeExporter(warehouse).export(lake.to(), lake.format(), progress);
        summary.straysWarning().ifPresent(warning -> warnings.accept("export: " + warning));
        return TaskOutcome.ok(-1, summary.written() + summary.removed(), String.format(Locale.ROOT,
                "%d tables, %d partitions (%d written, %d unchanged, %d removed), %.1f MB in %s",
                summary.tables(), summary.partitions(), summary.written(), summary.unchanged(), summary.removed(), summary.bytes() / 1e6, lake.to()));
    }
}
