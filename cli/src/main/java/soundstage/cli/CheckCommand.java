package soundstage.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.CheckResult;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.transform.CheckRunner;
import soundstage.transform.ModelRunner;
import soundstage.transform.RunLog;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Runs the data quality checks, stores the results in meta.check_results and prints them.",
                "Exit code 1 when a blocking check fails."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        try (Warehouse opened = main.warehouse().openExisting()) {
            // Before any run every check failed ("the tables it reads do not exist yet"), with exit 1: to a
            // scheduler, bad data. It is a mistake of order, refused before anything is recorded.
            if (ModelRunner.neverRun(opened.connection())) {
                throw new UserException("Nothing to check yet in warehouse '" + opened.address() + "': no run has built its tables. "
                        + "Run 'soundstage run' first (it runs the checks too).");
            }
            RunLog log = new RunLog(opened.connection());
            int runId = log.start("check");
            List<CheckResult> results = new CheckRunner(opened.connection(), opened.dialect()).run(runId);
            boolean passed = results.stream().allMatch(r -> r.passed() || !r.blocking());
            log.finish(runId, passed, passed ? "all blocking checks passed" : "a blocking check failed");
            RunCommand.printChecks(results, spec.commandLine().getOut());
            return passed ? 0 : 1;
        }
    }
}
