package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import soundstage.core.FileKind;
import soundstage.core.UserException;
import soundstage.export.LakeFormat;
import soundstage.export.LakeLocation;
import soundstage.transform.Model;
import soundstage.transform.ModelGraph;

class TestTaskGraph {
    /** A small model graph: two staging models fed by two sources, one fact, one dashboard. */
    private static final ModelGraph MODELS = ModelGraph.of(List.of(
            new Model("staging.events", "Events. More.", List.of("source.sparkify_events"), "SELECT 1"),
            new Model("staging.songs", "Songs.", List.of("source.sparkify_songs"), "SELECT 1"),
            new Model("analytics.plays", "Plays.", List.of("staging.events", "staging.songs"), "SELECT 1"),
            new Model("dashboard.top", "Top.", List.of("analytics.plays"), "SELECT 1")));

    private static final PipelineConfig CONFIG = new PipelineConfig(null, List.of(
            new SourceConfig("events", FileKind.SPARKIFY_EVENTS, List.of("logs"), null, false),
            new SourceConfig("more_events", FileKind.SPARKIFY_EVENTS, List.of("more"), null, false),
            new SourceConfig("songs", FileKind.SPARKIFY_SONGS, List.of("songs"), null, false)),
            new LakeConfig(new LakeLocation.Folder(Path.of("lake")), LakeFormat.PARQUET), ScheduleConfig.DEFAULT, new RetryPolicy(1, Duration.ZERO), null);

    private static final TaskGraph GRAPH = TaskGraph.of(CONFIG, MODELS);

    private static List<String> names(List<Task> tasks) {
        return tasks.stream().map(Task::name).toList();
    }

    @Test
    void tasksAndDependencies() {
        assertThat(names(GRAPH.tasks())).containsExactly("ingest.events", "ingest.more_events", "ingest.songs",
                "staging.events", "staging.songs", "analytics.plays", "dashboard.top", "checks", "export.lake");
        assertThat(GRAPH.task("staging.events").dependsOn()).containsExactly("ingest.events", "ingest.more_events");
        assertThat(GRAPH.task("staging.events").description()).isEqualTo("Events.");
        assertThat(GRAPH.task("checks").dependsOn()).containsExactly("staging.events", "staging.songs", "analytics.plays", "dashboard.top");
        assertThat(GRAPH.task("export.lake").dependsOn()).containsExactly("checks");
        assertThat(GRAPH.downstreamOf("staging.songs")).containsExactlyInAnyOrder("analytics.plays", "dashboard.top", "checks", "export.lake");
    }

    @Test
    void withoutSourcesOrLake() {
        TaskGraph graph = TaskGraph.of(PipelineConfig.NONE, MODELS);
        assertThat(names(graph.tasks())).containsExactly("staging.events", "staging.songs", "analytics.plays", "dashboard.top", "checks");
        assertThat(graph.task("staging.events").dependsOn()).isEmpty();
    }

    @Test
    void selection() {
        assertThat(names(GRAPH.select(List.of(), null, null))).hasSize(9);
        assertThat(names(GRAPH.select(List.of("analytics.plays"), null, null))).containsExactly("analytics.plays");
        assertThat(names(GRAPH.select(List.of("staging"), null, null))).containsExactly("staging.events", "staging.songs");
        assertThat(names(GRAPH.select(List.of("ingest.*", "checks"), null, null)))
                .containsExactly("ingest.events", "ingest.more_events", "ingest.songs", "checks");
        assertThat(names(GRAPH.select(List.of("+analytics.plays"), null, null)))
                .containsExactly("ingest.events", "ingest.more_events", "ingest.songs", "staging.events", "staging.songs", "analytics.plays");
        assertThat(names(GRAPH.select(List.of("staging.songs+"), null, null)))
                .containsExactly("staging.songs", "analytics.plays", "dashboard.top", "checks", "export.lake");
        assertThat(names(GRAPH.select(List.of(), "analytics.plays", null))).containsExactly("analytics.plays", "dashboard.top", "checks", "export.lake");
        assertThat(names(GRAPH.select(List.of(), null, "staging.songs"))).containsExactly("ingest.songs", "staging.songs");
        assertThat(names(GRAPH.select(List.of(), "staging.events", "dashboard.top")))
                .containsExactly("staging.events", "analytics.plays", "dashboard.top");
    }

    @Test
    void unknownSelector() {
        assertThatThrownBy(() -> GRAPH.select(List.of("analytics.songplays"), null, null)).isInstanceOf(UserException.class)
                .hasMessage("--select analytics.songplays matches no task. Tasks: ingest.events, ingest.more_events, ingest.songs, staging.events, "
                        + "staging.songs, analytics.plays, dashboard.top, checks, export.lake. See them with: soundstage dag");
        assertThatThrownBy(() -> GRAPH.select(List.of(), "nothing", null)).isInstanceOf(UserException.class).hasMessageStartingWith("--from nothing matches no task.");
    }

    /** A doubled + was taken off once and the rest echoed as the name ("--select +staging matches no task" for ++staging). */
    @ParameterizedTest
    @ValueSource(strings = {"++staging", "staging++", "+", "++", "+++"})
    void aSelectorWithMoreThanOnePlusOnASideIsRefusedAsWritten(String selector) {
        assertThatThrownBy(() -> GRAPH.select(List.of(selector), null, null)).isInstanceOf(UserException.class)
                .hasMessage("--select " + selector + ": write one + before a name for the tasks it depends on, one after it for the tasks"
                        + " that depend on it (+NAME, NAME+, +NAME+).");
    }

    /** Each option matches tasks, but none is in all of them: a run of nothing would succeed doing nothing. */
    @Test
    void optionsWithNoTaskInCommonAreRefused() {
        assertThat(names(GRAPH.select(List.of(), "staging.events", "dashboard.top"))).containsExactly("staging.events", "analytics.plays", "dashboard.top");
        assertThatThrownBy(() -> GRAPH.select(List.of(), "dashboard.top", "staging.events")).isInstanceOf(UserException.class)
                .hasMessage("--from dashboard.top and --until staging.events have no task in common (is --from downstream of --until?). "
                        + "See the tasks and their order with soundstage dag.");
        assertThatThrownBy(() -> GRAPH.select(List.of("ingest.songs"), "staging.events", null)).isInstanceOf(UserException.class)
                .hasMessage("--select ingest.songs and --from staging.events have no task in common (is --from downstream of every selected task?). "
                        + "See the tasks and their order with soundstage dag.");
    }

    @Test
    void formats() {
        List<Task> tasks = GRAPH.select(List.of("+analytics.plays"), "staging.songs", null);
        assertThat(DagFormat.TEXT.render(tasks)).isEqualTo("""
                staging.songs    Songs.
                                 after ingest.songs
                analytics.plays  Plays.
                                 after staging.events, staging.songs
                """);
        assertThat(DagFormat.MERMAID.render(tasks)).isEqualTo("""
                flowchart LR
                    staging_songs["staging.songs"]
                    analytics_plays["analytics.plays"]
                    staging_songs --> analytics_plays
                """);
        assertThat(DagFormat.DOT.render(tasks)).isEqualTo("""
                digraph soundstage {
                    rankdir=LR;
                    node [shape=box];
                    "staging.songs";
                    "analytics.plays";
                    "staging.songs" -> "analytics.plays";
                }
                """);
    }

    @Test
    void shippedModelsFormOneGraph() {
        TaskGraph graph = TaskGraph.of(PipelineConfig.NONE, ModelGraph.load("duckdb"));
        assertThat(graph.task("analytics.songplays").dependsOn()).contains("staging.sparkify_events");
        assertThat(graph.tasks().get(graph.tasks().size() - 1).name()).isEqualTo("checks");
    }
}
