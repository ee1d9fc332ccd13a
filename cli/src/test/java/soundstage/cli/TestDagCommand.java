package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code soundstage dag} and the configuration file, through the command line. */
class TestDagCommand {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("soundstage.yml"), yaml);
    }

    @Test
    void configuredSourcesBecomeIngestTasksThatTheirModelsWaitFor() throws IOException {
        Path config = config("""
                sources:
                  events: {kind: sparkify-events, path: logs}
                  mine: {kind: spotify-export, path: my_spotify_data.zip}
                lake: {to: lake}
                """);
        Cli.Result dag = Cli.ok("dag", "--config", config, "--select", "+staging.sparkify_events,+central.spotify_streams");
        assertThat(dag.out()).isEqualTo(String.join(NL,
                "ingest.events            ingest sparkify-events from " + dir.resolve("logs"),
                "ingest.mine              ingest spotify-export from " + dir.resolve("my_spotify_data.zip"),
                "staging.sparkify_events  Typed, cleaned, deduplicated Sparkify events.",
                "                         after ingest.events",
                "staging.spotify_streams  Typed, cleaned Spotify plays without personal data, each distinct play once.",
                "                         after ingest.mine",
                "central.spotify_streams  The single source of truth of Spotify plays: every extended record, and every \"Last 12 months\" reco…",
                "                         after staging.spotify_streams", ""));
        Cli.Result mermaid = Cli.ok("dag", "--config", config, "--format", "mermaid", "--from", "checks");
        assertThat(mermaid.out()).isEqualTo("flowchart LR\n    checks[\"checks\"]\n    export_lake[\"export.lake\"]\n    checks --> export_lake\n");
    }

    @Test
    void mistakesGetOneLine() throws IOException {
        Cli.Result unknown = Cli.run("dag", "--select", "analytics.song_plays", "-w", dir.resolve("w.duckdb"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("soundstage: --select analytics.song_plays matches no task. Tasks: staging.sparkify_events, ").hasLineCount(1);
        Path config = config("sources: {events: {kind: sparkify-events}}\n");
        Cli.Result bad = Cli.run("dag", "--config", config);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("soundstage: " + config + ": sources.events.path: is missing; give a file, a folder or a quoted glob, or a list of them."
                + " Fix the file and try again." + NL);
        Cli.Result format = Cli.run("dag", "--format", "png", "-w", dir.resolve("w.duckdb"));
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).isEqualTo("soundstage: Unknown format 'png'. Use text, mermaid or dot." + NL);
    }
}
