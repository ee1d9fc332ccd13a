package soundstage.transform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import soundstage.core.CheckResult;
import soundstage.core.ErrorMessage;
import soundstage.core.LostConnection;
import soundstage.core.Transaction;

/**
 * Runs the checks and stores their results in {@code meta.check_results} under a run id.
 *
 * <p>Checks with an incremental part keep a watermark in {@code meta.check_state}: every file up to
 * it passed the check. {@link #runIncremental} runs such a check over the files above its
 * watermark only (up to the lowest watermark of the models, which is what the tables reflect),
 * and moves the watermark when it passes (or only warns); a blocking check that fails keeps it, so
 * the next run looks at the failing rows again. {@link #run} runs every check over every row.
 *
 * <p>Given sessions to read with, the checks are evaluated on them side by side (one check per
 * session at a time); nothing writes while checks run, so each sees the same tables. The results
 * are recorded on the runner's own connection. Not thread-safe.
 */
public final class CheckRunner {
    /** SOUNDSTAGE_SQL_TIMING=1 prints how long each check takes, on standard error (as SqlScript does for statements). */
    private static final boolean TIMING = System.getenv("SOUNDSTAGE_SQL_TIMING") != null;
    private final Connection connection;
    private final Watermarks watermarks;
    private final List<Check> checks;
    private final ModelGraph graph;
    private final List<Connection> readers;

    /** Checks evaluated on {@code connection}, one after the other. */
    public CheckRunner(Connection connection, String dialect) {
        this(connection, dialect, List.of());
    }

    /**
     * Checks evaluated on {@code readers} side by side (on {@code connection} when there are
     * none), their results and marks recorded on {@code connection}.
     */
    public CheckRunner(Connection connection, String dialect, List<Connection> readers) {
        this(connection, dialect, readers, Check.load(dialect));
    }

    /** As above, with {@code checks} instead of the shipped ones. */
    public CheckRunner(Connection connection, String dialect, List<Connection> readers, List<Check> checks) {
        this.connection = connection;
        this.watermarks = Watermarks.ofChecks(connection);
        this.checks = List.copyOf(checks);
        this.graph = ModelGraph.load(dialect);
        this.readers = readers.isEmpty() ? List.of(connection) : List.copyOf(readers);
    }

    /** Runs every check over every row; a check whose tables do not exist yet fails with that as its detail. */
    public List<CheckResult> run(int runId) throws SQLException {
        return run(runId, false);
    }

    /** Runs the checks over the rows of the files that arrived since each last passed (checks without an incremental part: over every row). */
    public List<CheckResult> runIncremental(int runId) throws SQLException {
        return run(runId, true);
    }

    private List<CheckResult> run(int runId, boolean incremental) throws SQLException {
        int high = ModelRunner.reached(connection, graph);
        List<OptionalInt> states = new ArrayList<>();
        List<String> sqls = new ArrayList<>();
        for (Check check : checks) {
            OptionalInt state = incremental && check.incrementalPart().isPresent() ? watermarks.get(check.name()) : OptionalInt.empty();
            states.add(state);
            sqls.add(state.isPresent() ? ModelRunner.bind(check.incrementalPart().orElseThrow(), state.getAsInt(), high) : check.fullPart());
        }
        // Models behind others make the checks that compare them fail: such a failure says so, so that it is not taken for lost rows.
        Map<String, Integer> marks = Watermarks.ofModels(connection).all();
        String lag = ModelRunner.lagNote(ModelRunner.behind(marks, graph), graph);
        List<CheckResult> evaluated = evaluateAll(sqls);
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            CheckResult result = evaluated.get(i);
            results.add(lag == null || result.failures() == 0 || !readsModelsApart(checks.get(i), marks) ? result
                    : new CheckResult(result.name(), result.description(), result.blocking(), result.failures(), result.detail() + " (" + lag + ")"));
        }
        List<Check> passed = new ArrayList<>();
        List<Check> failedOverEveryRow = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check check = checks.get(i);
            OptionalInt state = states.get(i);
            CheckResult result = results.get(i);
            if (check.incrementalPart().isEmpty()) {
                continue;
            }
            // A warning is given once, by the run that brought its rows; a blocking failure is looked
            // at again by every run until it is fixed: one found in the new files' rows keeps the
            // mark, one found over every row (rows a run did not bring, changed since they were
            // checked) drops it, so that the runs after it check every row again.
            if (result.failures() == 0 || !check.blocking()) {
                passed.add(check);
            } else if (state.isEmpty()) {
                failedOverEveryRow.add(check);
            }
        }
        Transaction.run(connection, () -> {
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
            for (Check check : passed) {
                watermarks.save(check.name(), high, runId);
            }
            for (Check check : failedOverEveryRow) {
                watermarks.forget(check.name());
            }
            return null;
        });
        return results;
    }

    /** DuckDB's "Table with name X does not exist", PostgreSQL's "relation "X" does not exist". */
    private static final Pattern MISSING = Pattern.compile("Table with name (\\S+) does not exist|relation \"([^\"]+)\" does not exist");

    /**
     * Why a check whose table does not exist cannot run, naming the table when the database does:
     * before any run none exists; afterwards one was dropped or renamed, and a run builds it again.
     */
    static String missingTable(String message) {
        Matcher named = MISSING.matcher(message);
        if (!named.find()) {
            return "the tables it reads do not exist yet; run 'soundstage run' first";
        }
        return "table " + (named.group(1) != null ? named.group(1) : named.group(2)) + " does not exist: not built yet ('soundstage run' builds it), "
                + "or dropped or renamed since";
    }

    /** Whether {@code check} reads models that have merged different files (a table named in its SQL, by its whole name). */
    private boolean readsModelsApart(Check check, Map<String, Integer> marks) {
        return graph.models().stream().map(Model::name).filter(marks::containsKey)
                .filter(name -> Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(check.sql()).find())
                .map(marks::get).distinct().count() > 1;
    }

    /** Evaluates the checks, {@code sqls} in their order, on the readers: each reader takes the next check not yet taken. */
    private List<CheckResult> evaluateAll(List<String> sqls) throws SQLException {
        if (readers.size() == 1) {
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                results.add(evaluate(readers.get(0), checks.get(i), sqls.get(i)));
            }
            return results;
        }
        CheckResult[] results = new CheckResult[checks.size()];
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> lanes = new ArrayList<>();
        for (Connection reader : readers) {
            lanes.add(() -> {
                for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
                    results[i] = evaluate(reader, checks.get(i), sqls.get(i));
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(lanes.size(), work -> {
            Thread thread = new Thread(work, "soundstage-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Future<Void> lane : pool.invokeAll(lanes)) {
                lane.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checks ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.of(results);
    }

    /** Runs one check; a check that cannot run fails, except when the connection was lost: that fails the checks, to be retried. */
    private static CheckResult evaluate(Connection connection, Check check, String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            boolean answered = row.next();
            if (TIMING) {
                System.err.printf(Locale.ROOT, "[sql %6.3f s] check %s%n", (System.nanoTime() - started) / 1e9, check.name());
            }
            if (!answered) {
                return new CheckResult(check.name(), check.description(), check.blocking(), 1, "the check gave no row; a check returns one row of failures and detail");
            }
            long failures = row.getLong("failures");
            if (row.wasNull()) {
                // A user's check that sums over no rows, or multiplies by a NULL, passed: nothing was counted, not nothing found.
                return new CheckResult(check.name(), check.description(), check.blocking(), 1,
                        "the check counted no failures (failures is NULL; count with coalesce(..., 0)): " + row.getString("detail"));
            }
            return new CheckResult(check.name(), check.description(), check.blocking(), failures, row.getString("detail"));
        } catch (SQLException e) {
            if (LostConnection.in(e)) {
                throw e;   // says nothing about the data; recorded as a failed check, its rows would never be checked again
            }
            String message = ErrorMessage.of(e);
            String detail = message.contains("does not exist") ? missingTable(message) : "the check could not run: " + message;
            return new CheckResult(check.name(), check.description(), check.blocking(), 1, detail);
        }
    }
}
