package soundstage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.WarehouseFactory;
import soundstage.orchestrate.DagFormat;
import soundstage.orchestrate.TaskGraph;
import soundstage.transform.ModelGraph;

@Command(name = "dag", mixinStandardHelpOptions = true,
        description = {"Prints the pipeline's tasks and what each waits for: an ingest task per configured source, a task per model, the checks, the export.",
                "Does not open the warehouse."})
final class DagCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;
    @Mixin
    TaskSelection selection;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (one line per task, in run order), mermaid (a flowchart for Markdown) or dot (Graphviz). Default: text.")
    String format;

    @Override
    public Integer call() {
        DagFormat chosen = DagFormat.fromName(format);
        TaskGraph graph = TaskGraph.of(main.config(), ModelGraph.load(WarehouseFactory.dialectOf(main.warehouse().address())));
        spec.commandLine().getOut().print(chosen.render(selection.select(graph)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
