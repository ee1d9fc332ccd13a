package soundstage.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import soundstage.orchestrate.Task;
import soundstage.orchestrate.TaskGraph;

/** {@code --select}, {@code --from} and {@code --until}: which tasks of the graph a command takes. */
final class TaskSelection {
    @Option(names = {"-s", "--select"}, paramLabel = "TASK", split = ",",
            description = "Only these tasks: a name (analytics.songplays), a glob (dashboard.*), a layer or prefix (staging, ingest); "
                    + "+TASK adds what it depends on, TASK+ what depends on it. Repeat or separate with commas.")
    List<String> select = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TASK", description = "Only this task and the tasks downstream of it.")
    String from;

    @Option(names = "--until", paramLabel = "TASK", description = "Only this task and the tasks it depends on.")
    String until;

    List<Task> select(TaskGraph graph) {
        return graph.select(select, from, until);
    }

    boolean all() {
        return select.isEmpty() && from == null && until == null;
    }
}
