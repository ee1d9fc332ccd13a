package soundstage.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import soundstage.core.UserException;

/**
 * The models in an order that runs every model after the models it depends on. Ties are broken
 * by name, so the order is the same on every run.
 */
public final class ModelGraph {
    private final List<Model> ordered;

    private ModelGraph(List<Model> ordered) {
        this.ordered = List.copyOf(ordered);
    }

    /** Loads the models shipped with Soundstage, with {@code dialect}'s overrides. */
    public static ModelGraph load(String dialect) {
        List<Model> models = new ArrayList<>();
        for (String path : SqlResource.index("models")) {
            SqlResource file = SqlResource.read("models", path, dialect, "depends");
            String name = path.replace(".sql", "").replace('/', '.');
            models.add(new Model(name, file.description(), file.values(), file.sql()));
        }
        return of(models);
    }

    /**
     * Orders {@code models}.
     *
     * @throws UserException when a model depends on a table that is neither a model nor a
     *     {@code source.*} table, or on a later layer, or when dependencies form a cycle: mistakes
     *     of whoever added or changed a model, told as such (exit code 2), not as a failure
     */
    public static ModelGraph of(List<Model> models) {
        Map<String, Model> byName = new LinkedHashMap<>();
        models.forEach(model -> byName.put(model.name(), model));
        for (Model model : models) {
            for (String dependency : model.dependsOn()) {
                if (!byName.containsKey(dependency) && !dependency.startsWith("source.")) {
                    throw wrong("model " + model.name() + " depends on " + dependency + ", which is neither a model nor a source table");
                }
                // A run commits staging before it builds the later layers; staging cannot wait for them.
                if (model.layer().equals("staging") && byName.containsKey(dependency) && !byName.get(dependency).layer().equals("staging")) {
                    throw wrong("model " + model.name() + " depends on " + dependency + ", but staging models may read only source and staging tables");
                }
                // Central commits before the later layers are built; it cannot wait for them either.
                if (model.layer().equals("central") && byName.containsKey(dependency)
                        && !byName.get(dependency).layer().equals("staging") && !byName.get(dependency).layer().equals("central")) {
                    throw wrong("model " + model.name() + " depends on " + dependency
                            + ", but central models may read only source, staging and central tables");
                }
            }
        }
        List<Model> ordered = new ArrayList<>();
        TreeSet<String> done = new TreeSet<>();
        TreeSet<String> waiting = new TreeSet<>(byName.keySet());
        while (!waiting.isEmpty()) {
            String ready = waiting.stream()
                    .filter(name -> byName.get(name).dependsOn().stream().allMatch(d -> done.contains(d) || !byName.containsKey(d)))
                    .findFirst()
                    .orElseThrow(() -> wrong("models depend on each other in a cycle: " + inCycles(waiting, byName)));
            ordered.add(byName.get(ready));
            done.add(ready);
            waiting.remove(ready);
        }
        return new ModelGraph(ordered);
    }

    private static UserException wrong(String problem) {
        return new UserException(problem + ". Fix the models' '-- depends:' lines (models/index.txt lists them) and build Soundstage again.");
    }

    /** The models among {@code waiting} that depend on themselves through other models. */
    private static TreeSet<String> inCycles(TreeSet<String> waiting, Map<String, Model> byName) {
        TreeSet<String> cyclic = new TreeSet<>();
        for (String start : waiting) {
            TreeSet<String> seen = new TreeSet<>();
            List<String> todo = new ArrayList<>(byName.get(start).dependsOn());
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (next.equals(start)) {
                    cyclic.add(start);
                    break;
                }
                if (waiting.contains(next) && seen.add(next)) {
                    todo.addAll(byName.get(next).dependsOn());
                }
            }
        }
        return cyclic;
    }

    /** The models of the staging layer, dependencies first. */
    public List<Model> staging() {
        return ordered.stream().filter(model -> model.layer().equals("staging")).toList();
    }

    /** The models of the central layer, dependencies first. */
    public List<Model> central() {
        return ordered.stream().filter(model -> model.layer().equals("central")).toList();
    }

    /** The models of the layers after central (analytics, dashboard), dependencies first. */
    public List<Model> downstreamOfCentral() {
        return ordered.stream().filter(model -> !model.layer().equals("staging") && !model.layer().equals("central")).toList();
    }

    /** Whether {@code table} is one of the models (rather than a source table). */
    public boolean contains(String table) {
        return ordered.stream().anyMatch(model -> model.name().equals(table));
    }

    /** The model that builds {@code table}. */
    public Model model(String table) {
        return ordered.stream().filter(model -> model.name().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model builds " + table + "; the models are " + ordered.stream().map(Model::name).toList()));
    }

    /** Every model, dependencies first. */
    public List<Model> models() {
        return ordered;
    }
}
