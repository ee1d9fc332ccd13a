package soundstage.cli;

import java.io.PrintWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.RunStatus;
import soundstage.core.UserException;
import soundstage.core.Warehouse;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"Shows the run history: every ingest, run, backfill, scheduled run, check and export (not sql), newest first; with a RUN id, that run's tasks and every try of each.",
                "Each run of the pipeline also has a structured log (JSON lines); its path is shown with the run."})
final class RunsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "A run id: show its tasks.")
    Integer runId;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "How many runs to list. Default: 20.")
    int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (limit < 1) {
            throw new UserException("--limit must be at least 1, got " + limit + ".");
        }
        try (Warehouse opened = main.warehouse().openReadOnly()) {
            boolean atWork = opened.writerAtWork();   // else a run still marked running was interrupted
            if (runId == null) {
                try (PreparedStatement query = opened.connection().prepareStatement("""
                        SELECT run_id AS run, command, %s AS status, %s AS started_at,
                               round(CAST(extract(epoch FROM finished_at - started_at) AS NUMERIC), 1) AS seconds,
                               (SELECT count(*) FROM meta.task_runs t WHERE t.run_id = r.run_id AND t.status = 'succeeded') AS tasks_ok,
                               (SELECT count(DISTINCT task) FROM meta.task_runs t WHERE t.run_id = r.run_id AND %s = 'failed'
                                   AND NOT EXISTS (SELECT 1 FROM meta.task_runs s WHERE s.run_id = t.run_id AND s.task = t.task AND s.status = 'succeeded')) AS tasks_failed,
                               %s AS detail
                        FROM meta.runs r ORDER BY run_id DESC LIMIT ?""".formatted(RunStatus.status(atWork), RunStatus.shownTime("started_at"), RunStatus.status(atWork),
                                RunStatus.runDetail(atWork)))) {
                    query.setInt(1, limit);
                    try (ResultSet rows = query.executeQuery()) {
                        ResultPrinter.table(rows, out, limit);
                    }
                }
                return 0;
            }
            try (PreparedStatement run = opened.connection().prepareStatement(
                    "SELECT command, " + RunStatus.status(atWork) + ", " + RunStatus.shownTime("started_at") + ", " + RunStatus.shownTime("finished_at") + ", " + RunStatus.runDetail(atWork)
                            + ", resumes, log_file FROM meta.runs WHERE run_id = ?")) {
                run.setInt(1, runId);
                try (ResultSet row = run.executeQuery()) {
                    if (!row.next()) {
                        throw new UserException("There is no run " + runId + " in this warehouse. List the runs with: soundstage runs");
                    }
                    out.println("run " + runId + ": " + row.getString(1) + ", " + row.getString(2) + ", started " + row.getString(3)
                            + (row.getString(4) == null ? "" : ", finished " + row.getString(4))
                            + (row.getString(6) == null ? "" : ", resumes run " + row.getString(6)));
                    if (row.getString(5) != null) {
                        out.println("  " + row.getString(5));
                    }
                    if (row.getString(7) != null) {
                        out.println("  log: " + row.getString(7));
                    }
                }
            }
            try (PreparedStatement tasks = opened.connection().prepareStatement("""
                    SELECT task, attempt, %s AS status, round(CAST(extract(epoch FROM finished_at - started_at) AS NUMERIC), 2) AS seconds,
                           rows_in, rows_out, %s AS detail
                    FROM meta.task_runs WHERE run_id = ? ORDER BY started_at, attempt""".formatted(RunStatus.status(atWork), RunStatus.taskDetail(atWork)))) {
                tasks.setInt(1, runId);
                try (ResultSet rows = tasks.executeQuery()) {
                    ResultPrinter.table(rows, out, Integer.MAX_VALUE);
                }
            }
            return 0;
        }
    }
}
