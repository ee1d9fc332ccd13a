package soundstage.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import soundstage.core.UserException;

class TestModelGraph {
    private static final String FIX = ". Fix the models' '-- depends:' lines (models/index.txt lists them) and build Soundstage again.";

    /** The SQL resources as they are in the source tree (tests run in the module directory). */
    static final Path RESOURCES = Path.of("src/main/resources/soundstage/transform");
    /**
     * Folders beside the index that hold a dialect's overrides of indexed files. (PostgreSQL's
     * spellings live in the warehouse-postgres module, which these tests do not see: there
     * TestPostgresModels holds them to the same rules.)
     */
    static final Set<String> DIALECTS = Set.of("duckdb", "postgresql");

    private static Model model(String name, String... dependsOn) {
        return new Model(name, "a model", List.of(dependsOn), "SELECT 1");
    }

    private static List<String> names(ModelGraph graph) {
        return graph.models().stream().map(Model::name).toList();
    }

    /** The entries of {@code folder/index.txt}, read like SqlResource.index reads them. */
    static List<String> index(String folder) throws IOException {
        return Files.readAllLines(RESOURCES.resolve(folder).resolve("index.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** Every .sql file below {@code folder}, relative to it, with '/' separators; dialect overrides left out. */
    static Set<String> sqlFiles(String folder) throws IOException {
        Path root = RESOURCES.resolve(folder);
        assertThat(root).as("resource folder %s (tests run in the module directory)", root).isDirectory();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".sql"))
                    .filter(p -> !DIALECTS.contains(p.substring(0, Math.max(0, p.indexOf('/')))))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Dialect overrides below {@code folder}, without the dialect folder. */
    static Set<String> overrides(String folder) throws IOException {
        Set<String> overridden = new TreeSet<>();
        for (String dialect : DIALECTS) {
            Path root = RESOURCES.resolve(folder).resolve(dialect);
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).forEach(p -> overridden.add(root.relativize(p).toString().replace('\\', '/')));
                }
            }
        }
        return overridden;
    }

    @Test
    void theShippedModelsLoadAndEveryModelComesAfterItsDependencies() throws IOException {
        List<Model> models = ModelGraph.load("duckdb").models();
        assertThat(models).hasSize(index("models").size());
        Set<String> done = new HashSet<>();
        for (Model model : models) {
            for (String dependency : model.dependsOn()) {
                if (!dependency.startsWith("source.")) {
                    assertThat(done).as("%s depends on %s, which must come before it", model.name(), dependency).contains(dependency);
                }
            }
            done.add(model.name());
        }
    }

    @Test
    void theShippedModelsAreNamedAfterTheirLayerAndTableAndHaveADescription() throws IOException {
        List<Model> models = ModelGraph.load("duckdb").models();
        assertThat(models.stream().map(Model::name).sorted().toList())
                .isEqualTo(index("models").stream().map(p -> p.replace(".sql", "").replace('/', '.')).sorted().toList());
        for (Model model : models) {
            assertThat(model.layer()).as(model.name()).isIn("staging", "central", "analytics", "dashboard");
            assertThat(model.description()).as(model.name()).isNotBlank().doesNotStartWith("--");
            assertThat(model.dependsOn()).as(model.name()).isNotEmpty().doesNotHaveDuplicates();
        }
    }

    @Test
    void everyShippedModelWritesTheTableItIsNamedAfter() {
        for (String dialect : DIALECTS) {
            for (Model model : ModelGraph.load(dialect).models()) {
                Pattern writes = Pattern.compile("(?i)(CREATE TABLE|INSERT INTO)\\s+" + Pattern.quote(model.name()) + "\\b");
                assertThat(writes.matcher(model.sql()).find()).as("%s (%s) writes %s", model.name(), dialect, model.name()).isTrue();
            }
        }
    }

    @Test
    void everyTableAShippedModelReadsIsADeclaredDependency() {
        Pattern table = Pattern.compile("\\b(source|staging|central|analytics|dashboard)\\.([a-z_][a-z0-9_]*)\\b");
        for (Model model : DIALECTS.stream().flatMap(dialect -> ModelGraph.load(dialect).models().stream()).toList()) {
            String code = model.sql().replaceAll("--[^\n]*", "");
            Set<String> read = new TreeSet<>();
            Matcher matcher = table.matcher(code);
            while (matcher.find()) {
                read.add(matcher.group());
            }
            read.remove(model.name());
            assertThat(model.dependsOn()).as("-- depends: of %s", model.name()).containsAll(read);
        }
    }

    @Test
    void everyModelFileIsInTheIndexAndEveryIndexEntryIsAFile() throws IOException {
        List<String> index = index("models");
        assertThat(index).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(index)).isEqualTo(sqlFiles("models"));
        assertThat(index).containsAll(overrides("models"));
    }

    @Test
    void everyCheckFileIsInTheIndexAndEveryIndexEntryIsAFile() throws IOException {
        List<String> index = index("checks");
        assertThat(index).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(index)).isEqualTo(sqlFiles("checks"));
        assertThat(index).containsAll(overrides("checks"));
    }

    @Test
    void aCycleIsRejected() {
        List<Model> models = List.of(model("staging.b", "staging.a"), model("staging.a", "staging.b"), model("analytics.free", "source.x"));
        assertThatThrownBy(() -> ModelGraph.of(models))
                .isInstanceOf(UserException.class)
                .hasMessage("models depend on each other in a cycle: [staging.a, staging.b]" + FIX);
    }

    @Test
    void theCycleMessageNamesOnlyTheModelsInTheCycle() {
        List<Model> models = List.of(model("staging.a", "staging.b"), model("staging.b", "staging.a"), model("analytics.c", "staging.a"));
        assertThatThrownBy(() -> ModelGraph.of(models))
                .isInstanceOf(UserException.class)
                .hasMessage("models depend on each other in a cycle: [staging.a, staging.b]" + FIX);
    }

    @Test
    void aStagingModelMayNotReadALaterLayer() {
        List<Model> models = List.of(model("analytics.a", "staging.b"), model("staging.b", "source.x"), model("staging.c", "analytics.a"));
        assertThatThrownBy(() -> ModelGraph.of(models))
                .isInstanceOf(UserException.class)
                .hasMessage("model staging.c depends on analytics.a, but staging models may read only source and staging tables" + FIX);
    }

    @Test
    void aCentralModelMayNotReadALaterLayer() {
        List<Model> models = List.of(model("analytics.a", "central.b"), model("central.b", "staging.s"), model("staging.s", "source.x"),
                model("central.c", "analytics.a"));
        assertThatThrownBy(() -> ModelGraph.of(models))
                .isInstanceOf(UserException.class)
                .hasMessage("model central.c depends on analytics.a, but central models may read only source, staging and central tables" + FIX);
    }

    @Test
    void stagingAndCentralModelsComeApartFromTheLaterLayers() {
        ModelGraph graph = ModelGraph.of(List.of(model("dashboard.d", "analytics.a"), model("analytics.a", "central.e"),
                model("central.e", "staging.b"), model("staging.b", "source.x"), model("staging.c", "staging.b")));
        assertThat(graph.staging()).extracting(Model::name).containsExactly("staging.b", "staging.c");
        assertThat(graph.central()).extracting(Model::name).containsExactly("central.e");
        assertThat(graph.downstreamOfCentral()).extracting(Model::name).containsExactly("analytics.a", "dashboard.d");
    }

    /** A model named in the index but not there is the mistake of whoever added it (exit 2), not an internal error. */
    @Test
    void anIndexEntryWithoutItsFileIsRefusedAsAMistake() {
        assertThatThrownBy(() -> SqlResource.read("models", "dashboard/user_countz.sql", "duckdb", "depends"))
                .isInstanceOf(UserException.class)
                .hasMessage("models/index.txt names dashboard/user_countz.sql, which is not there: add the file or take its line out of the index, "
                        + "and build Soundstage again.");
    }

    /**
     * A DROP of an unqualified name drops the team's table of that name in the default schema when
     * no temporary table has it: a model drops its scratch tables only once it made them, and
     * names every other table with its schema.
     */
    @Test
    void noShippedSqlDropsATableByANameWithoutSchemaBeforeMakingIt() throws IOException {
        Pattern drop = Pattern.compile("(?i)DROP\\s+(TABLE|VIEW)\\s+IF\\s+EXISTS\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*;");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".sql")).toList()) {
                Matcher matcher = drop.matcher(Files.readString(file));
                while (matcher.find()) {
                    found.add(file.getFileName() + ": " + matcher.group());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aModelThatDependsOnItselfIsACycle() {
        assertThatThrownBy(() -> ModelGraph.of(List.of(model("staging.a", "staging.a"))))
                .isInstanceOf(UserException.class)
                .hasMessage("models depend on each other in a cycle: [staging.a]" + FIX);
    }

    @Test
    void anUnknownDependencyIsRejected() {
        List<Model> models = List.of(model("staging.a", "source.events"), model("analytics.b", "staging.a", "staging.nope"));
        assertThatThrownBy(() -> ModelGraph.of(models))
                .isInstanceOf(UserException.class)
                .hasMessage("model analytics.b depends on staging.nope, which is neither a model nor a source table" + FIX);
    }

    @Test
    void sourceTablesNeedNoModel() {
        assertThat(names(ModelGraph.of(List.of(model("staging.a", "source.anything"))))).containsExactly("staging.a");
    }

    @Test
    void independentModelsAreOrderedByName() {
        List<Model> models = List.of(model("staging.c"), model("analytics.b"), model("dashboard.a"), model("analytics.a"));
        assertThat(names(ModelGraph.of(models))).containsExactly("analytics.a", "analytics.b", "dashboard.a", "staging.c");
    }

    @Test
    void tiesAreBrokenByNameAmongTheModelsThatAreReady() {
        // a.one waits for c.three; of the models that are ready, the smaller name goes first.
        List<Model> models = List.of(model("c.three"), model("a.one", "c.three"), model("b.two"), model("d.four", "a.one"));
        assertThat(names(ModelGraph.of(models))).containsExactly("b.two", "c.three", "a.one", "d.four");
    }

    @Test
    void theOrderDoesNotDependOnTheOrderGiven() {
        List<Model> models = new ArrayList<>(List.of(model("x.d", "x.b"), model("x.c"), model("x.b", "x.a"), model("x.a"), model("x.e", "x.d", "x.c")));
        List<String> first = names(ModelGraph.of(models));
        Collections.reverse(models);
        assertThat(names(ModelGraph.of(models))).isEqualTo(first).containsExactly("x.a", "x.b", "x.c", "x.d", "x.e");
    }

    /** Models behind the furthest one, layer by layer; one without a watermark (added by an upgrade, never run) is not behind: the next run builds it. */
    @Test
    void modelsBehindTheFurthestAreNamedLayerByLayer() {
        ModelGraph graph = ModelGraph.of(List.of(model("dashboard.d", "analytics.a"), model("analytics.a", "staging.s"), model("staging.s", "source.x"),
                model("analytics.new", "staging.s")));
        assertThat(ModelRunner.behind(java.util.Map.of("staging.s", 7, "analytics.a", 5, "dashboard.d", 5), graph)).containsExactly("analytics.a", "dashboard.d");
        assertThat(ModelRunner.behind(java.util.Map.of("staging.s", 7, "analytics.a", 7, "dashboard.d", 7), graph)).isEmpty();
        assertThat(ModelRunner.behind(java.util.Map.of(), graph)).isEmpty();
        assertThat(ModelRunner.lagNote(List.of("analytics.a", "dashboard.d"), graph))
                .isEqualTo("2 of 4 models are behind the others (analytics.a, ...): a run stopped part-way or ran part of the graph, and `soundstage run` brings them up to date");
    }
}
