package soundstage.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.CheckResult;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.orchestrate.PipelineConfig;
import soundstage.orchestrate.PipelineRun;
import soundstage.orchestrate.Resume;
import soundstage.orchestrate.RunHistory;
import soundstage.orchestrate.RunLogFile;
import soundstage.orchestrate.RunRequest;
import soundstage.orchestrate.Stop;
import soundstage.orchestrate.TaskResult;
import soundstage.orchestrate.TaskRunner;
import soundstage.transform.RunReport;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the pipeline's tasks (see `soundstage dag`): ingest of the configured sources, every model (source -> staging -> central -> "
                + "analytics -> dashboard), the checks, the export. Each model merges only what arrived since it last ran.",
                "A failed task stops the tasks that depend on it, not the others. Exit code 1 when a task or a blocking check fails."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;
    @Mixin
    TaskSelection selection;

    @Option(names = "--full-refresh", description = "Rebuild every table from the source layer instead of merging only what arrived since the last run (same tables, more time).")
    boolean fullRefresh;

    @Option(names = "--resume", description = "Take up the last run where it stopped: run its tasks that failed, were skipped or never started.")
    boolean resume;

    /** Refuses a run-log folder that cannot take the logs before the warehouse is opened, and so created (a refused command changes nothing). */
    static void checkLogFolder(Main main) {
        String address = main.warehouse().address();
        new RunLogFile.Folder(main.config().logFolder(address), address).check();
    }

    @Override
    public Integer call() throws Exception {
        if (resume && (!selection.all() || fullRefresh)) {
            throw new UserException("--resume runs the rest of the last run as it was asked; drop --select, --from, --until and --full-refresh.");
        }
        checkLogFolder(main);
        // --resume has nothing to take up in a warehouse that does not exist (a mistyped path): refused, not created.
        try (Warehouse opened = resume ? main.warehouse().openExisting() : main.warehouse().open()) {
            PipelineRun pipeline = new PipelineRun(opened, main.config());
            RunRequest request;
            if (resume) {
                RunHistory history = new RunHistory(opened.connection());
                Resume.Plan plan = Resume.plan(history, pipeline.graph()).orElse(null);
                if (plan == null) {
                    spec.commandLine().getOut().println(history.latestRun().isEmpty()
                            ? "run --resume: nothing to resume: this warehouse has no run yet; `soundstage run` transforms what is loaded."
                            : "run --resume: nothing to resume, the last run succeeded.");
                    return 0;
                }
                if (!plan.gone().isEmpty()) {
                    spec.commandLine().getErr().println("soundstage: warning: run " + plan.resumes() + "'s " + String.join(", ", plan.gone())
                            + (plan.gone().size() == 1 ? " is" : " are") + " not a task of this pipeline (a source renamed or removed from the configuration, "
                            + "or the folder of schedule --watch): resuming without; `soundstage run` ingests what the configuration names, "
                            + "schedule --watch what its folder holds.");
                }
                request = new RunRequest("run --resume", plan.tasks(), plan.fullRefresh(), plan.resumes(), null, null);
            } else {
                // The selection is part of the command the history shows: a partial run looked like a whole one.
                request = RunRequest.of((fullRefresh ? "run --full-refresh" : "run") + selection.described(), selection.select(pipeline.graph()), fullRefresh);
            }
            return execute(pipeline, request, spec).succeeded() ? 0 : 1;
        }
    }

    /** Runs the pipeline on an opened warehouse without configured sources and prints what it did; the demo's run. */
    static PipelineRun.Outcome run(Warehouse warehouse, CommandSpec spec) throws Exception {
        PipelineRun pipeline = new PipelineRun(warehouse, PipelineConfig.NONE);
        return execute(pipeline, RunRequest.of("run", pipeline.graph().tasks(), false), spec);
    }

    /** Runs {@code request} and prints a line per ingest and per failed task, the summary and the checks; shared with schedule and watch. */
    static PipelineRun.Outcome execute(PipelineRun pipeline, RunRequest request, CommandSpec spec) throws Exception {
        GracefulStop.install(spec.commandLine().getErr());
        if (!Stop.begin()) {
            throw new UserException("Not started: soundstage is stopping (" + Stop.requested() + ").");
        }
        try {
            return report(pipeline, request, spec);
        } finally {
            Stop.end();
        }
    }

    private static PipelineRun.Outcome report(PipelineRun pipeline, RunRequest request, CommandSpec spec) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        TerminalProgress bar = TerminalProgress.forLabel(err, request.command().split(" ")[0]);
        PipelineRun.Outcome outcome = pipeline.execute(request,
                task -> printTask(task, out),
                warning -> TerminalProgress.println(err, "soundstage: warning: " + warning),
                TaskRunner.Pause.SLEEP, bar);
        bar.clear();
        RunReport report = outcome.report();
        double seconds = (System.nanoTime() - started) / 1e9;
        // A full refresh stages every file again: its numbers are of all of them, none "new".
        boolean again = request.fullRefresh() && request.resumes() == null;
        if (request.backfill() != null) {   // stages nothing: it computes the dates again from staging
            out.println(String.format(Locale.ROOT, "run %d: event dates %s to %s computed again from staging, %d songplays in analytics, %.1f s",
                    report.runId(), request.backfill().from(), request.backfill().to(), report.songplays(), seconds));
        } else {
            out.println(String.format(Locale.ROOT,
                    "run %d%s: %d files transformed%s, %d %s (%d duplicates dropped), %d songs, %d names repaired, %d songplays in analytics, %.1f s",
                    report.runId(), again ? " (full refresh)" : "", report.files(), again ? " again" : "", report.newEvents(),
                    again ? "events staged" : "new events", report.duplicateEvents(), report.songs(), report.repaired(), report.songplays(), seconds));
        }
        RunReport.Spotify spotify = report.spotify();
        if (spotify.any()) {
            out.println(String.format(Locale.ROOT,
                    // "staged", not "new": a play downloaded again in another format is new to staging (its
                    // content differs) and merged with its copy in central, whose totals the line gives.
                    "  spotify: %d plays staged (%d duplicates dropped); central holds %d extended and %d 12-month-only records; %d 12-month records upgraded to extended ones",
                    spotify.newPlays(), spotify.duplicatePlays(), spotify.extended(), spotify.twelveMonthOnly(), spotify.upgraded()));
        }
        if (!report.checks().isEmpty()) {
            printChecks(report.checks(), out);
        }
        if (!outcome.succeeded()) {
            List<String> failed = outcome.result().tasks().stream().filter(t -> t.status().equals("failed")).map(TaskResult::task).toList();
            if (failed.isEmpty() && Stop.requested() != null) {
                out.println("run " + report.runId() + " STOPPED: " + Stop.requested() + "; " + outcome.result().count("skipped")
                        + " task(s) skipped; `soundstage run --resume` takes the run up");
                out.flush();
                return outcome;
            }
            out.println("run " + report.runId() + " FAILED: " + failed.size() + " task(s) failed (" + String.join(", ", failed) + "), "
                    + outcome.result().count("skipped") + " skipped; see `soundstage runs " + report.runId() + "`, fix the cause and run "
                    + (request.backfill() != null ? "the same backfill again" : "`soundstage run --resume`"));
        }
        out.flush();
        return outcome;
    }

    /**
     * Ingest tasks say what they loaded, the export what it wrote; a failed task says why, at once.
     * Tasks end on the runner's threads, so their lines go through {@link TerminalProgress#println},
     * which erases the bar under the lock that draws it.
     */
    private static void printTask(TaskResult task, PrintWriter out) {
        if ((task.task().startsWith("ingest.") || task.task().startsWith("export.")) && task.succeeded()) {
            TerminalProgress.println(out, task.task() + ": " + task.detail());
        } else if (task.status().equals("failed") && !task.task().equals("checks")) {
            TerminalProgress.println(out, task.task() + " FAILED" + (task.attempts() > 1 ? " after " + task.attempts() + " tries" : "") + ": " + task.detail());
        }
    }

    static void printChecks(List<CheckResult> checks, PrintWriter out) {
        List<List<String>> rows = checks.stream()
                .map(c -> List.of(c.status(), c.name(), c.blocking() ? "yes" : "no", c.detail()))
                .toList();
        ResultPrinter.table(List.of("status", "check", "blocking", "detail"), rows, new boolean[4], out);
        long failed = checks.stream().filter(c -> !c.passed() && c.blocking()).count();
        long warned = checks.stream().filter(c -> !c.passed() && !c.blocking()).count();
        out.println(failed == 0
                ? "checks: all " + checks.stream().filter(CheckResult::blocking).count() + " blocking checks passed" + (warned > 0 ? ", " + warned + " warning(s)" : "")
                : "checks: " + failed + " blocking check(s) FAILED; see the table above");
    }
}
