package soundstage.orchestrate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import soundstage.transform.RunLog;

/**
 * Records runs of the task graph and every try of every task in {@code meta.runs} and
 * {@code meta.task_runs}. Each record commits on its own, outside the tasks' transactions, so
 * the history survives a task that fails and rolls back; a task still marked running was cut
 * short by a dead process, which the next run's {@link RunLog#start} marks as interrupted.
 */
public final class RunHistory {
    private final Connection connection;
    private final RunLog log;

    public RunHistory(Connection connection) {
        this.connection = connection;
        this.log = new RunLog(connection);
    }

    /** A finished or interrupted run, as {@code run --resume} needs it. */
    public record PastRun(int runId, String command, String status, List<String> tasks, boolean fullRefresh) {
    }

    /** Records a run of {@code request}'s tasks as started; returns its id. */
    public int start(RunRequest request) throws SQLException {
        int runId = log.start(request.command());
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE meta.runs SET tasks = ?, full_refresh = ?, resumes = ?, scheduled_for = ? WHERE run_id = ?")) {
            update.setString(1, String.join(",", request.tasks().stream().map(Task::name).toList()));
            update.setBoolean(2, request.fullRefresh());
            if (request.resumes() == null) {
                update.setNull(3, Types.INTEGER);
            } else {
                update.setInt(3, request.resumes());
            }
            if (request.scheduledFor() == null) {
                update.setNull(4, Types.TIMESTAMP);
            } else {
                update.setObject(4, LocalDateTime.ofInstant(request.scheduledFor(), ZoneOffset.UTC));
            }
            update.setInt(5, runId);
            update.executeUpdate();
        }
        return runId;
    }

    /** The latest fire time a scheduled run was started for, if any. */
    public Optional<Instant> lastScheduled() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT max(scheduled_for) FROM meta.runs");
             ResultSet row = query.executeQuery()) {
            row.next();
            LocalDateTime time = row.getObject(1, LocalDateTime.class);
            return Optional.ofNullable(time).map(t -> t.toInstant(ZoneOffset.UTC));
        }
    }

    /** Records where run {@code runId}'s structured log is. */
    public void logFile(int runId, Path file) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE meta.runs SET log_file = ? WHERE run_id = ?")) {
            update.setString(1, file.toAbsolutePath().toString());
            update.setInt(2, runId);
            update.executeUpdate();
        }
    }

    public void finish(int runId, boolean succeeded, String detail) throws SQLException {
        log.finish(runId, succeeded, detail);
    }

    public void stopped(int runId, String detail) throws SQLException {
        log.stopped(runId, detail);
    }

    public void taskStarted(int runId, String task, int attempt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO meta.task_runs (run_id, task, attempt, started_at, status) VALUES (?, ?, ?, now(), 'running')")) {
            insert.setInt(1, runId);
            insert.setString(2, task);
            insert.setInt(3, attempt);
            insert.executeUpdate();
        }
    }

    /** Records how try {@code attempt} of {@code task} ended: {@code succeeded} or {@code failed}. */
    public void taskFinished(int runId, String task, int attempt, String status, long rowsIn, long rowsOut, String detail) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE meta.task_runs SET finished_at = now(), status = ?, rows_in = ?, rows_out = ?, detail = ? WHERE run_id = ? AND task = ? AND attempt = ?")) {
            update.setString(1, status);
            setCount(update, 2, rowsIn);
            setCount(update, 3, rowsOut);
            update.setString(4, detail);
            update.setInt(5, runId);
            update.setString(6, task);
            update.setInt(7, attempt);
            update.executeUpdate();
        }
    }

    /** Records that {@code task} did not run, and why. */
    public void taskSkipped(int runId, String task, String why) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO meta.task_runs (run_id, task, attempt, started_at, finished_at, status, detail) VALUES (?, ?, 0, now(), now(), 'skipped', ?)")) {
            insert.setInt(1, runId);
            insert.setString(2, task);
            insert.setString(3, why);
            insert.executeUpdate();
        }
    }

    /** The latest run of the task graph, if any. */
    public Optional<PastRun> latestRun() throws SQLException {
        return latestRun("");
    }

    /** As {@link #latestRun()}, leaving out backfills. */
    public Optional<PastRun> latestRunButBackfills() throws SQLException {
        return latestRun(" AND command NOT LIKE 'backfill%'");
    }

    private Optional<PastRun> latestRun(String condition) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT run_id, command, status, tasks, full_refresh FROM meta.runs WHERE tasks IS NOT NULL" + condition + " ORDER BY run_id DESC LIMIT 1");
             ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            String tasks = row.getString(4);
            return Optional.of(new PastRun(row.getInt(1), row.getString(2), row.getString(3), tasks.isEmpty() ? List.of() : Arrays.asList(tasks.split(",")),
                    row.getBoolean(5)));
        }
    }

    /** The tasks of run {@code runId} whose last try succeeded. */
    public List<String> succeededTasks(int runId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT DISTINCT task FROM meta.task_runs WHERE run_id = ? AND status = 'succeeded'")) {
            query.setInt(1, runId);
            try (ResultSet rows = query.executeQuery()) {
                List<String> tasks = new ArrayList<>();
                while (rows.next()) {
                    tasks.add(rows.getString(1));
                }
                return tasks;
            }
        }
    }

    private static void setCount(PreparedStatement statement, int index, long count) throws SQLException {
        if (count < 0) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, count);
        }
    }
}
