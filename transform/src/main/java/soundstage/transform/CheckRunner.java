package soundstage.transform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import soundstage.core.CheckResult;
import soundstage.core.ErrorMessage;

/** Runs the checks and stores their results in {@code meta.check_results} under a run id. */
public final class CheckRunner {
    private final Connection connection;
    private final List<Check> checks;

    public CheckRunner(Connection connection, String dialect) {
        this.connection = connection;
        this.checks = Check.load(dialect);
    }

    /** Runs every check; a check whose tables do not exist yet fails with that as its detail. */
    public List<CheckResult> run(int runId) throws SQLException {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            results.add(evaluate(check));
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO meta.check_results VALUES (?, now(), ?, ?, ?, ?, ?, ?)")) {
            for (CheckResult result : results) {
                insert.setInt(1, runId);
                insert.setString(2, result.name());
                insert.setString(3, result.description());
                insert.setBoolean(4, result.blocking());
                insert.setLong(5, result.failures());
                insert.setString(6, result.status());
                insert.setString(7, result.detail());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return results;
    }

    private CheckResult evaluate(Check check) {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(check.sql())) {
            row.next();
            return new CheckResult(check.name(), check.description(), check.blocking(), row.getLong("failures"), row.getString("detail"));
        } catch (SQLException e) {
            String message = ErrorMessage.of(e);
            String detail = message.contains("does not exist")
                    ? "the tables it reads do not exist yet; run 'soundstage run' first"
                    : "the check could not run: " + message;
            return new CheckResult(check.name(), check.description(), check.blocking(), 1, detail);
        }
    }
}
