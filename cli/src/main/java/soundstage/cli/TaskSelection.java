package soundstage.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import soundstage.core.UserException;
import soundstage.orchestrate.Task;
import soundstage.orchestrate.TaskGraph;

/** {@code --select}, {@code --from} and {@code --until}: which tasks of the graph a command takes. */
final class TaskSelection {
    @Option(names = {"-s", "--select"}, paramLabel = "TASK", split = ",",
            description = "Only these tasks: a name (analytics.songplays), a glob (dashboard.*), a layer or prefix (staging, ingest); "
                    + "+TASK adds what it depends on, TASK+ what depends on it. Repeat or separate with commas.")
    List<String> select;   // null when not given

    @Option(names = "--from", paramLabel = "TASK", description = "Only this task and the tasks downstream of it.")
    String from;

    @Option(names = "--until", paramLabel = "TASK", description = "Only this task and the tasks it depends on.")
    String until;

    List<Task> select(TaskGraph graph) {
        List<String> selectors = new ArrayList<>();
        if (select != null) {
            for (String selector : select) {
                if (!selector.isBlank()) {
                    selectors.add(selector.strip());   // "staging, central": the space is not part of the name
                }
            }
            if (selectors.isEmpty()) {
                throw new UserException("--select names no task. Give a task name (analytics.songplays), a glob (dashboard.*) or a layer (staging); "
                        + "see them with soundstage dag.");
            }
        }
        return graph.select(selectors, from, until);
    }

    /** The selection as the command line gave it, for the run history (" --select staging,dashboard.* --until X"); empty when all tasks. */
    String described() {
        StringBuilder text = new StringBuilder();
        if (select != null) {
            text.append(" --select ").append(String.join(",", select.stream().map(String::strip).filter(name -> !name.isEmpty()).toList()));
        }
        if (from != null) {
            text.append(" --from ").append(from);
        }
        if (until != null) {
            text.append(" --until ").append(until);
        }
        return text.toString();
    }

    boolean all() {
        return select == null && from == null && until == null;
    }
}
