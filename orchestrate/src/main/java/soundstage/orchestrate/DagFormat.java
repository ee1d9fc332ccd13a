package soundstage.orchestrate;

import java.util.List;
import java.util.Locale;
import soundstage.core.UserException;

/** How {@code soundstage dag} prints the task graph. */
public enum DagFormat {
    /** One line per task, in run order, with what it waits for and what it does. */
    TEXT {
        @Override
        public String render(List<Task> tasks) {
            StringBuilder out = new StringBuilder();
            int width = tasks.stream().mapToInt(task -> task.name().length()).max().orElse(0);
            for (Task task : tasks) {
                out.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", task.name(), task.description()));
                if (!task.dependsOn().isEmpty()) {
                    out.append(" ".repeat(width + 2)).append("after ").append(String.join(", ", task.dependsOn())).append(System.lineSeparator());
                }
            }
            return out.toString();
        }
    },
    /** A Mermaid flowchart, for Markdown that renders it (GitHub, GitLab, mkdocs). */
    MERMAID {
        @Override
        public String render(List<Task> tasks) {
            StringBuilder out = new StringBuilder("flowchart LR\n");
            for (Task task : tasks) {
                out.append("    ").append(id(task.name())).append("[\"").append(task.name()).append("\"]\n");
            }
            for (Task task : tasks) {
                for (String dependency : shown(task, tasks)) {
                    out.append("    ").append(id(dependency)).append(" --> ").append(id(task.name())).append('\n');
                }
            }
            return out.toString();
        }

        private String id(String name) {
            return name.replace('.', '_');
        }
    },
    /** Graphviz DOT: {@code soundstage dag --format dot | dot -Tsvg > dag.svg}. */
    DOT {
        @Override
        public String render(List<Task> tasks) {
            StringBuilder out = new StringBuilder("digraph soundstage {\n    rankdir=LR;\n    node [shape=box];\n");
            for (Task task : tasks) {
                out.append("    \"").append(task.name()).append("\";\n");
            }
            for (Task task : tasks) {
                for (String dependency : shown(task, tasks)) {
                    out.append("    \"").append(dependency).append("\" -> \"").append(task.name()).append("\";\n");
                }
            }
            return out.append("}\n").toString();
        }
    };

    /** The graph of {@code tasks}; in the diagrams, edges from tasks not among them are left out. */
    public abstract String render(List<Task> tasks);

    private static List<String> shown(Task task, List<Task> tasks) {
        return task.dependsOn().stream().filter(name -> tasks.stream().anyMatch(t -> t.name().equals(name))).toList();
    }

    public static DagFormat fromName(String name) {
        for (DagFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new UserException("Unknown format '" + name + "'. Use text, mermaid or dot.");
    }
}
