package soundstage.orchestrate;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Supplier;
import soundstage.core.DiskFull;
import soundstage.core.ErrorMessage;
import soundstage.core.LostConnection;

/**
 * Runs selected tasks of a {@link TaskGraph} one after the other, each after the tasks it depends
 * on. A task that fails for a transient reason is tried again after a backoff; a task that fails
 * for good makes its dependents skip, while tasks that do not depend on it still run. Every try
 * goes to the run history and to the run's log file.
 *
 * <p>Tasks run one at a time on the caller's thread, unless more than one of them overlaps and
 * the action has more than one {@link TaskAction#workers worker}: then tasks that {@link TaskAction#overlaps overlap} (models,
 * each on a session of its own) run side by side as soon as the tasks they depend on are done,
 * up to that many at once, and any other task (an ingest, the checks, the export) runs alone,
 * in its turn. Whatever ran beside what, every task saw the committed results of the tasks it
 * depends on, so the run's tables are those of a run one task at a time. The run history and
 * the log file are written by one thread at a time. Not thread-safe.
 */
public final class TaskRunner {
    /** Waits between tries; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;

        Pause SLEEP = duration -> Thread.sleep(duration.toMillis());
    }

    private final Connection connection;
    private final TaskAction action;
    private final RetryPolicy retries;
    private final RunLogFile.Folder logs;
    private final Pause pause;
    private final Consumer<TaskResult> listener;
    /** Why the process is stopping, or null: {@link Stop#requested}, another in tests (a stop cannot be taken back in a process). */
    private Supplier<String> stop = Stop::requested;
    /** Held while the run history and the log file are written: tasks running side by side finish at any time. */
    private final Object journal = new Object();
    /**
     * Why no task starts any more: set when a task failed on a full disk, as every task after it
     * would (a DuckDB connection that failed to write its log even fails later commits with "no
     * transaction is active", which hid the reason). Tasks not yet started are skipped with it.
     */
    private volatile String halted;

    /**
     * @param listener told each task's result as soon as it is known, e.g. to print a line
     */
    public TaskRunner(Connection connection, TaskAction action, RetryPolicy retries, RunLogFile.Folder logs, Pause pause, Consumer<TaskResult> listener) {
        this.connection = connection;
        this.action = action;
        this.retries = retries;
        this.logs = logs;
        this.pause = pause;
        this.listener = listener;
    }

    /** This runner with {@code why} standing for {@link Stop#requested} (tests). */
    TaskRunner stoppingFor(Supplier<String> why) {
        this.stop = why;
        return this;
    }

    /** Runs the request's tasks, in the order given (which puts every task after those it depends on), as a new run. */
    public RunResult run(RunRequest request) throws SQLException, IOException {
        logs.check();   // before the run is recorded: a folder that cannot take the log is a mistake in the configuration
        RunHistory history = new RunHistory(connection);
        List<String> names = request.tasks().stream().map(Task::name).toList();
        int runId = history.start(request);
        String command = request.command();
        boolean fullRefresh = request.fullRefresh();
        Integer resumes = request.resumes();
        try (RunLogFile log = logs.create(runId, Instant.now())) {
            Path logPath = log.path();
            history.logFile(runId, logPath);
            RunLogFile.Line started = log.event("run_started");
            started.put("warehouse", logs.warehouse());
            started.put("command", command);
            started.put("full_refresh", fullRefresh);
            started.put("tasks", names);
            if (resumes != null) {
                started.put("resumes", resumes);
            }
            if (request.scheduledFor() != null) {
                started.put("scheduled_for", request.scheduledFor().toString());
            }
            log.write(started);
            boolean sideBySide = request.tasks().stream().filter(action::overlaps).count() > 1 && action.workers() > 1;
            List<TaskResult> results;
            try {
                results = sideBySide ? runSideBySide(request.tasks(), runId, history, log) : runInTurn(request.tasks(), runId, history, log);
            } catch (SQLException | RuntimeException e) {
                // The run cannot go on (its history cannot be written): its log file still says how it ended.
                RunLogFile.Line finished = log.event("run_finished");
                finished.put("status", "failed");
                finished.put("detail", LostConnection.messageOf(e));
                try {
                    log.write(finished);
                } catch (RuntimeException unwritten) {
                    e.addSuppressed(unwritten);
                }
                throw e;
            }
            RunResult run = new RunResult(runId, results, logPath);
            // Asked to stop, and no task failed: the run was stopped, not failed.
            String stoppedBy = !run.succeeded() && run.count("failed") == 0 ? Stop.requested() : null;
            String again = request.backfill() != null ? (stoppedBy != null ? "" : "fix the cause and ") + "run the same backfill again"
                    : "resume with: soundstage run --resume";
            String detail = run.succeeded() ? run.tasks().size() + " tasks succeeded"
                    : stoppedBy != null ? "stopped: " + stoppedBy + "; " + run.count("skipped") + " skipped, " + run.count("succeeded") + " succeeded; " + again
                    : run.count("failed") + " failed, " + run.count("skipped") + " skipped, " + run.count("succeeded") + " succeeded; " + again;
            if (stoppedBy != null) {
                history.stopped(runId, detail);
            } else {
                history.finish(runId, run.succeeded(), detail);
            }
            RunLogFile.Line finished = log.event("run_finished");
            finished.put("status", run.succeeded() ? "succeeded" : stoppedBy != null ? "stopped" : "failed");
            finished.put("detail", detail);
            log.write(finished);
            return run;
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                history.finish(runId, false, LostConnection.messageOf(e));
            } catch (SQLException | RuntimeException unrecorded) {
                e.addSuppressed(unrecorded);   // the next command marks the run interrupted
            }
            throw e;
        }
    }

    private List<TaskResult> runInTurn(List<Task> tasks, int runId, RunHistory history, RunLogFile log) throws SQLException {
        List<TaskResult> results = new ArrayList<>();
        Map<String, TaskResult> byName = new HashMap<>();
        for (Task task : tasks) {
            TaskResult result = runOne(task, runId, byName, history, log);
            results.add(result);
            byName.put(task.name(), result);
            listener.accept(result);
        }
        return results;
    }

    /**
     * Starts each task, in the order given, once the tasks it depends on are done and a worker is
     * free; a task that does not overlap waits until nothing runs, and nothing starts while it
     * runs, nor after it in the order before it started (so it is not passed over for ever).
     * Returns the results in the order given. When recording a task fails (or the listener, or
     * the thread is interrupted), no other task starts, the tasks running finish, and the
     * failure is thrown: nothing runs any more once this returns.
     */
    private List<TaskResult> runSideBySide(List<Task> tasks, int runId, RunHistory history, RunLogFile log) throws SQLException {
        int workers = action.workers();
        Set<String> requested = new HashSet<>();
        tasks.forEach(task -> requested.add(task.name()));
        List<Task> waiting = new ArrayList<>(tasks);
        Map<String, TaskResult> byName = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, new ThreadFactory() {
            private int count;

            @Override
            public synchronized Thread newThread(Runnable work) {
                Thread thread = new Thread(work, "soundstage-task-" + ++count);
                thread.setDaemon(true);
                return thread;
            }
        });
        CompletionService<TaskResult> finished = new ExecutorCompletionService<>(pool);
        int running = 0;
        boolean alone = false;   // a task that does not overlap is running
        Throwable fatal = null;
        boolean interrupted = false;
        try {
            while (!waiting.isEmpty() || running > 0) {
                for (Iterator<Task> next = waiting.iterator(); fatal == null && !alone && next.hasNext(); ) {
                    Task task = next.next();
                    if (!task.dependsOn().stream().allMatch(dependency -> byName.containsKey(dependency) || !requested.contains(dependency))) {
                        continue;
                    }
                    boolean overlaps = action.overlaps(task);
                    if (running >= workers || (!overlaps && running > 0)) {
                        break;
                    }
                    next.remove();
                    Map<String, TaskResult> upstream = Map.copyOf(byName);
                    running++;
                    alone = !overlaps;
                    finished.submit(() -> runOne(task, runId, upstream, history, log));
                }
                if (running == 0) {
                    if (fatal != null) {
                        break;
                    }
                    throw new IllegalStateException("tasks wait for each other: " + waiting.stream().map(Task::name).toList());
                }
                Future<TaskResult> one;
                try {
                    one = finished.take();
                } catch (InterruptedException e) {
                    // No task starts any more; those running finish (their statements do not stop for
                    // an interrupt), so nothing writes once this returns.
                    interrupted = true;
                    fatal = failure(fatal, new IllegalStateException("interrupted while tasks ran", e));
                    continue;
                }
                running--;
                alone = false;
                try {
                    TaskResult result = one.get();
                    byName.put(result.task(), result);
                    listener.accept(result);
                } catch (ExecutionException e) {
                    fatal = failure(fatal, e.getCause());
                } catch (InterruptedException e) {
                    throw new IllegalStateException("a finished task cannot be interrupted", e);
                } catch (RuntimeException e) {   // the listener's
                    fatal = failure(fatal, e);
                }
            }
        } finally {
            pool.shutdownNow();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (fatal instanceof SQLException sql) {
            throw sql;
        }
        if (fatal instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (fatal != null) {
            throw new IllegalStateException(fatal);
        }
        return tasks.stream().map(task -> byName.get(task.name())).filter(Objects::nonNull).toList();
    }

    /** The first failure, with any later one suppressed in it. */
    private static Throwable failure(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private TaskResult runOne(Task task, int runId, Map<String, TaskResult> done, RunHistory history, RunLogFile log) throws SQLException {
        long started = System.nanoTime();
        if (halted != null) {
            return skipped(task, "skipped: " + halted, runId, history, log);
        }
        // Why a dependency did not succeed is why this task cannot run: a failure, or the reason a dependency was skipped (a
        // failure further up, or a stop), so that every task after a failure names it, also when a stop was asked for since.
        for (String dependency : task.dependsOn()) {
            TaskResult upstream = done.get(dependency);
            if (upstream != null && upstream.status().equals("failed")) {
                return skipped(task, "skipped: " + dependency + " failed", runId, history, log);
            }
        }
        for (String dependency : task.dependsOn()) {
            TaskResult upstream = done.get(dependency);
            if (upstream != null && !upstream.succeeded()) {
                return skipped(task, upstream.detail().startsWith("skipped: ") ? upstream.detail() : "skipped: " + dependency + " was skipped", runId, history, log);
            }
        }
        String stopping = stop.get();
        if (stopping != null) {
            return skipped(task, "skipped: " + stopping, runId, history, log);
        }
        int unrecordedAttempt = 0;   // a failed try whose end the server refused to record (it was restarting)
        String unrecordedDetail = null;
        for (int attempt = 1; ; attempt++) {
            synchronized (journal) {
                RunLogFile.Line begin = log.event("task_started");
                begin.put("task", task.name());
                begin.put("attempt", attempt);
                log.write(begin);
            }
            long tryStarted = System.nanoTime();
            try {
                // Inside the try: while a restarting server refuses the new session, recording the
                // start fails as the task would, and is retried with it.
                synchronized (journal) {
                    if (unrecordedAttempt > 0) {
                        history.taskFinished(runId, task.name(), unrecordedAttempt, "failed", -1, -1, unrecordedDetail);
                        unrecordedAttempt = 0;
                    }
                    history.taskStarted(runId, task.name(), attempt);
                }
                TaskOutcome outcome = action.run(task, runId);
                String status = outcome.succeeded() ? "succeeded" : "failed";
                synchronized (journal) {
                    history.taskFinished(runId, task.name(), attempt, status, outcome.rowsIn(), outcome.rowsOut(), outcome.detail());
                    RunLogFile.Line end = ending(log, "task_" + status, task, attempt, tryStarted);
                    end.put("rows_in", outcome.rowsIn());
                    end.put("rows_out", outcome.rowsOut());
                    end.put("detail", outcome.detail());
                    log.write(end);
                }
                return new TaskResult(task.name(), status, attempt, outcome.rowsIn(), outcome.rowsOut(), outcome.detail(), seconds(started));
            } catch (Exception e) {
                boolean retry = Transience.isTransient(e) && attempt < retries.attempts();
                String error = ErrorMessage.of(e);
                Duration wait = retry ? retries.waitBefore(attempt + 1) : Duration.ZERO;
                String detail = retry ? error + " (transient; try " + (attempt + 1) + " of " + retries.attempts() + " in " + wait.toMillis() / 1000.0 + " s)" : error;
                synchronized (journal) {
                    RunLogFile.Line end = ending(log, retry ? "task_retry" : "task_failed", task, attempt, tryStarted);
                    end.put("error", error);
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    log.write(end);   // first: the log file needs no database, so it says how the try ended even when the history cannot
                    try {
                        history.taskFinished(runId, task.name(), attempt, "failed", -1, -1, detail);
                    } catch (SQLException | RuntimeException unrecorded) {
                        if (!retry) {   // the last try's end, which the run history refused: the run cannot go on
                            unrecorded.addSuppressed(e);
                            throw unrecorded;
                        }
                        if (unrecordedAttempt == 0) {   // the earliest such try; later ones never recorded their start
                            unrecordedAttempt = attempt;
                            unrecordedDetail = detail;
                        }
                    }
                }
                if (!retry) {
                    if (DiskFull.in(e)) {
                        halted = task.name() + " failed on a full disk";
                    }
                    return new TaskResult(task.name(), "failed", attempt, -1, -1, error, seconds(started));
                }
                try {
                    pause.pause(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new TaskResult(task.name(), "failed", attempt, -1, -1, error + " (interrupted while waiting to retry)", seconds(started));
                }
            }
        }
    }

    private TaskResult skipped(Task task, String why, int runId, RunHistory history, RunLogFile log) throws SQLException {
        synchronized (journal) {
            history.taskSkipped(runId, task.name(), why);
            RunLogFile.Line line = log.event("task_skipped");
            line.put("task", task.name());
            line.put("detail", why);
            log.write(line);
        }
        return new TaskResult(task.name(), "skipped", 0, -1, -1, why, 0);
    }

    private static RunLogFile.Line ending(RunLogFile log, String event, Task task, int attempt, long tryStarted) {
        RunLogFile.Line line = log.event(event);
        line.put("task", task.name());
        line.put("attempt", attempt);
        line.put("seconds", Math.round(seconds(tryStarted) * 1000) / 1000.0);
        return line;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
