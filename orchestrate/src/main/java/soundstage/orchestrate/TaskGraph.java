package soundstage.orchestrate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import soundstage.core.UserException;
import soundstage.transform.Model;
import soundstage.transform.ModelGraph;

/**
 * The pipeline as a DAG of named tasks: one {@code ingest.NAME} per configured source, one task
 * per model (named as its table, e.g. {@code analytics.songplays}), {@code checks} after every
 * model, and {@code export.lake} after the checks when a lake is configured. A model that reads
 * a {@code source.*} table depends on the ingest tasks that fill it. Immutable; {@link #tasks()}
 * lists every task after the tasks it depends on, in the same order on every call.
 */
public final class TaskGraph {
    /** The name of the checks task. */
    public static final String CHECKS = "checks";
    /** The name of the export task. */
    public static final String EXPORT = "export.lake";

    private final Map<String, Task> tasks;

    private TaskGraph(Map<String, Task> tasks) {
        this.tasks = tasks;
    }

    /** The graph of {@code config}'s sources, the shipped {@code models} and the checks and export. */
    public static TaskGraph of(PipelineConfig config, ModelGraph models) {
        Map<String, Task> tasks = new LinkedHashMap<>();
        for (SourceConfig source : config.sources()) {
            tasks.put("ingest." + source.name(), new Task("ingest." + source.name(), Task.Kind.INGEST, List.of(),
                    "ingest " + source.kind().cliName() + " from " + String.join(", ", source.paths())));
        }
        for (Model model : byLayer(models.models())) {
            List<String> dependsOn = new ArrayList<>();
            for (String table : model.dependsOn()) {
                if (table.startsWith("source.")) {
                    config.sources().stream().filter(source -> source.kind().sourceTable().equals(table))
                            .forEach(source -> dependsOn.add("ingest." + source.name()));
                } else {
                    dependsOn.add(table);
                }
            }
            tasks.put(model.name(), new Task(model.name(), Task.Kind.MODEL, dependsOn.stream().distinct().toList(), firstSentence(model.description())));
        }
        List<String> allModels = byLayer(models.models()).stream().map(Model::name).toList();
        tasks.put(CHECKS, new Task(CHECKS, Task.Kind.CHECKS, allModels, "run the data checks; a failed blocking check fails the run"));
        if (config.lake() != null) {
            tasks.put(EXPORT, new Task(EXPORT, Task.Kind.EXPORT, List.of(CHECKS),
                    "write the central and analytics tables to " + config.lake().to() + " as " + config.lake().format().cliName()));
        }
        return new TaskGraph(tasks);
    }

    /** Every task, each after the tasks it depends on. */
    public List<Task> tasks() {
        return List.copyOf(tasks.values());
    }

    public Task task(String name) {
        return tasks.get(name);
    }

    /**
     * The tasks a run takes, in order: those {@code select} names (all when empty), cut to those
     * downstream of {@code from} and upstream of {@code until} when given. A selector is a task
     * name, a glob ({@code staging.*}), or a layer or prefix ({@code staging}, {@code ingest});
     * {@code +name} adds the tasks it depends on, {@code name+} the tasks that depend on it.
     *
     * @throws UserException naming the selector that matches no task
     */
    public List<Task> select(List<String> select, String from, String until) {
        Set<String> chosen = new LinkedHashSet<>(tasks.keySet());
        if (!select.isEmpty()) {
            Set<String> selected = new LinkedHashSet<>();
            for (String selector : select) {
                selected.addAll(resolve(selector, "--select"));
            }
            chosen.retainAll(selected);
        }
        if (from != null) {
            chosen.retainAll(closure(matches(from, "--from"), false));
        }
        if (until != null) {
            chosen.retainAll(closure(matches(until, "--until"), true));
        }
        if (chosen.isEmpty() && !(select.isEmpty() && from == null && until == null)) {
            // Each option matched tasks, but no task is in all of them (e.g. --from downstream of --until):
            // a run of nothing would "succeed" without doing anything.
            List<String> given = new ArrayList<>();
            if (!select.isEmpty()) {
                given.add("--select " + String.join(",", select));
            }
            if (from != null) {
                given.add("--from " + from);
            }
            if (until != null) {
                given.add("--until " + until);
            }
            String guess = from != null && until != null ? " (is --from downstream of --until?)"
                    : from != null ? " (is --from downstream of every selected task?)" : until != null ? " (is --until upstream of every selected task?)" : "";
            throw new UserException(String.join(" and ", given) + " have no task in common" + guess + ". "
                    + "See the tasks and their order with soundstage dag.");
        }
        return tasks.values().stream().filter(task -> chosen.contains(task.name())).toList();
    }

    private Set<String> resolve(String selector, String option) {
        boolean upstream = selector.startsWith("+");
        boolean downstream = selector.endsWith("+") && selector.length() > 1;
        String core = selector.substring(upstream ? 1 : 0, selector.length() - (downstream ? 1 : 0));
        if (core.isEmpty() || core.startsWith("+") || core.endsWith("+")) {
            throw new UserException(option + " " + selector + ": write one + before a name for the tasks it depends on, one after it for the tasks"
                    + " that depend on it (+NAME, NAME+, +NAME+).");
        }
        Set<String> names = matches(core, option);
        Set<String> result = new LinkedHashSet<>(names);
        if (upstream) {
            result.addAll(closure(names, true));
        }
        if (downstream) {
            result.addAll(closure(names, false));
        }
        return result;
    }

    /** The tasks {@code pattern} names: exactly, by glob, or by prefix before a dot. */
    private Set<String> matches(String pattern, String option) {
        if (tasks.containsKey(pattern)) {
            return Set.of(pattern);
        }
        Pattern glob = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
        Set<String> found = tasks.keySet().stream()
                .filter(name -> glob.matcher(name).matches() || name.startsWith(pattern + "."))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (found.isEmpty()) {
            throw new UserException(option + " " + pattern + " matches no task. Tasks: " + String.join(", ", tasks.keySet())
                    + ". See them with: soundstage dag");
        }
        return found;
    }

    /** {@code start} with every task it depends on ({@code upstream}) or every task that depends on it. */
    private Set<String> closure(Collection<String> start, boolean upstream) {
        Set<String> seen = new LinkedHashSet<>(start);
        Deque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            for (Task task : tasks.values()) {
                boolean linked = upstream ? tasks.get(name).dependsOn().contains(task.name()) : task.dependsOn().contains(name);
                if (linked && seen.add(task.name())) {
                    todo.push(task.name());
                }
            }
        }
        return seen;
    }

    /** {@code names} and every task they depend on, directly or not. */
    public Set<String> withUpstream(Collection<String> names) {
        return closure(names, true);
    }

    /** The tasks that depend on {@code name}, directly or not. */
    public Set<String> downstreamOf(String name) {
        Set<String> all = closure(List.of(name), false);
        all.remove(name);
        return all;
    }

    /**
     * The models layer by layer (staging, central, analytics, dashboard), dependencies first within
     * a layer: still an order that runs each after what it reads, since a model reads only its own
     * and earlier layers, and one that reads as the data flows.
     */
    private static List<Model> byLayer(List<Model> ordered) {
        List<String> layers = List.of("staging", "central", "analytics", "dashboard");
        List<Model> sorted = new ArrayList<>(ordered);
        sorted.sort(Comparator.comparingInt(model -> {
            int rank = layers.indexOf(model.layer());
            return rank < 0 ? layers.size() : rank;
        }));
        Set<String> seen = new HashSet<>();
        for (Model model : sorted) {
            if (model.dependsOn().stream().anyMatch(d -> !seen.contains(d) && ordered.stream().anyMatch(m -> m.name().equals(d)))) {
                return ordered;
            }
            seen.add(model.name());
        }
        return sorted;
    }

    /** The description's first sentence, cut to 100 characters. */
    private static String firstSentence(String description) {
        String flat = description.replaceAll("\\s+", " ").trim();
        int end = flat.indexOf(". ");
        String sentence = end < 0 ? flat : flat.substring(0, end + 1);
        return sentence.length() <= 100 ? sentence : sentence.substring(0, 99) + "…";
    }
}
