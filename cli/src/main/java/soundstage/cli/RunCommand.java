package soundstage.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.CheckResult;
import soundstage.core.Warehouse;
import soundstage.transform.Pipeline;
import soundstage.transform.RunReport;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Transforms everything ingested and not yet transformed (source -> staging -> central -> analytics -> dashboard), then runs the checks.",
                "Exit code 1 when a blocking check fails."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;
    @Option(names = "--full-refresh", description = "Rebuild every table from the source layer instead of merging only what arrived since the last run (same tables, more time).")
    boolean fullRefresh;

    @Override
    public Integer call() throws Exception {
        try (Warehouse opened = main.warehouse().open()) {
            return run(opened, spec, fullRefresh).passed() ? 0 : 1;
        }
    }

    /** Runs the pipeline and prints its summary and checks; shared with {@code demo}. */
    static RunReport run(Warehouse warehouse, CommandSpec spec) throws Exception {
        return run(warehouse, spec, false);
    }

    private static RunReport run(Warehouse warehouse, CommandSpec spec, boolean fullRefresh) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        RunReport report = new Pipeline(warehouse).run(TerminalProgress.forLabel(spec.commandLine().getErr(), "run"), fullRefresh);
        out.println(String.format(Locale.ROOT,
                "run %d: %d files transformed, %d new events (%d duplicates dropped), %d songs, %d names repaired, %d songplays in analytics, %.1f s",
                report.runId(), report.files(), report.newEvents(), report.duplicateEvents(), report.songs(), report.repaired(),
                report.songplays(), (System.nanoTime() - started) / 1e9));
        RunReport.Spotify spotify = report.spotify();
        if (spotify.any()) {
            out.println(String.format(Locale.ROOT,
                    "  spotify: %d new plays (%d duplicates dropped); central holds %d extended and %d 12-month-only records; %d 12-month records upgraded to extended ones",
                    spotify.newPlays(), spotify.duplicatePlays(), spotify.extended(), spotify.twelveMonthOnly(), spotify.upgraded()));
        }
        printChecks(report.checks(), out);
        return report;
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
