package soundstage.transform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import soundstage.core.LostConnection;
import soundstage.core.RunStatus;

/** Records commands in {@code meta.runs}: one row per command, opened at start, closed at the end. */
public final class RunLog {
    private final Connection connection;

    public RunLog(Connection connection) {
        this.connection = connection;
    }

    /**
     * Records that {@code command} started; returns its run id. Commits on its own. Runs still
     * marked running were interrupted (killed, or the machine stopped): whoever can write the
     * warehouse now is its only writer, so they are marked failed first. Every dialect makes that
     * true when it opens the warehouse: DuckDB's file lock admits one writing process, and the
     * PostgreSQL warehouse holds an advisory lock for as long as it is open.
     */
    public int start(String command) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE meta.runs SET status = 'failed', detail = '" + RunStatus.RUN_INTERRUPTED + "' WHERE status = 'running'");
            statement.executeUpdate("UPDATE meta.task_runs SET status = 'failed', detail = '" + RunStatus.TASK_INTERRUPTED + "' WHERE status = 'running'");
        }
        try (Statement statement = connection.createStatement();
             ResultSet next = statement.executeQuery("SELECT coalesce(max(run_id), 0) + 1 FROM meta.runs")) {
            next.next();
            int runId = next.getInt(1);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO meta.runs (run_id, command, started_at, finished_at, status, detail) VALUES (?, ?, now(), NULL, 'running', NULL)")) {
                insert.setInt(1, runId);
                insert.setString(2, command);
                insert.executeUpdate();
            }
            return runId;
        }
    }

    /**
     * Records that run {@code runId} failed with {@code failure}. When that cannot be recorded
     * (the connection is gone), the reason is attached to {@code failure}, which the caller goes on
     * to throw; the next command that opens the warehouse marks the run interrupted.
     */
    public void failed(int runId, Exception failure) {
        try {
            finish(runId, false, LostConnection.messageOf(failure));
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Records how run {@code runId} ended: {@code succeeded} or {@code failed}, with a detail line. */
    public void finish(int runId, boolean succeeded, String detail) throws SQLException {
        finish(runId, succeeded ? "succeeded" : "failed", detail);
    }

    /**
     * Records that run {@code runId} ended because soundstage was asked to stop (SIGTERM): no task
     * failed, the ones not yet run were skipped. Not {@code failed}, which would send whoever reads
     * the history looking for an error there is none of.
     */
    public void stopped(int runId, String detail) throws SQLException {
        finish(runId, "stopped", detail);
    }

    private void finish(int runId, String status, String detail) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE meta.runs SET finished_at = now(), status = ?, detail = ? WHERE run_id = ?")) {
            update.setString(1, status);
            update.setString(2, detail);
            update.setInt(3, runId);
            update.executeUpdate();
        }
    }
}
