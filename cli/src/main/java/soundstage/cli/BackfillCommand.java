package soundstage.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.Warehouse;
import soundstage.orchestrate.Backfill;
import soundstage.orchestrate.PipelineConfig;
import soundstage.orchestrate.PipelineRun;
import soundstage.orchestrate.RunRequest;
import soundstage.orchestrate.Task;
import soundstage.orchestrate.TaskGraph;
import soundstage.transform.ModelGraph;
import soundstage.transform.ModelRunner;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Computes the partitions of the event dates from --from to --to again in every model after staging (central, analytics, "
                + "dashboard), from the staging layer as it is, then runs every check.",
                "Use it after a model changed, to bring past dates in line without a full refresh. Ingests nothing; staging keeps its rows."})
final class BackfillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    @Option(names = "--from", required = true, paramLabel = "DATE", converter = DateConverter.class, description = "First event date (UTC), e.g. 2018-11-01.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DATE", converter = DateConverter.class, description = "Last event date (UTC), included.")
    LocalDate to;

    @Override
    public Integer call() throws Exception {
        try (Warehouse opened = main.warehouse().openExisting()) {   // nothing to backfill in a new one: a mistyped path is refused, not created
            ModelGraph graph = ModelGraph.load(opened.dialect());
            new ModelRunner(opened, graph).requireTablesTheSchemaMade(graph.models());   // Backfill.of reads the staging tables
            Backfill.requireUpToDate(opened.connection(), graph);
            Optional<Backfill> range = Backfill.of(opened.connection(), from, to);
            if (range.isEmpty()) {
                spec.commandLine().getOut().println("backfill: no staged events or plays from " + from + " to " + to + "; nothing to do.");
                return 0;
            }
            PipelineRun pipeline = new PipelineRun(opened, PipelineConfig.NONE);
            List<Task> tasks = pipeline.graph().tasks().stream()
                    .filter(task -> task.kind() == Task.Kind.MODEL && !task.name().startsWith("staging.") || task.name().equals(TaskGraph.CHECKS))
                    .toList();
            return RunCommand.execute(pipeline, new RunRequest("backfill " + from + " " + to, tasks, false, null, null, range.get()), spec).succeeded() ? 0 : 1;
        }
    }

    /** Dates as ISO-8601 ({@code 2018-11-01}), with a message that says so. */
    static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            LocalDate date;
            try {
                date = LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a date; write it as YYYY-MM-DD, e.g. 2018-11-01");
            }
            if (date.getYear() < 1 || date.getYear() > 9999) {   // beyond the warehouses' timestamps: "long overflow" from the database
                throw new CommandLine.TypeConversionException("'" + value + "' is not a date of the years 1 to 9999, which events can have; write it as YYYY-MM-DD, e.g. 2018-11-01");
            }
            return date;
        }
    }
}
