package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.UserException;
import soundstage.export.LakeFormat;
import soundstage.export.LakeLocation;

class TestConfigFile {
    @TempDir
    Path dir;

    private PipelineConfig read(String yaml) throws IOException {
        return read(yaml, Map.of());
    }

    private PipelineConfig read(String yaml, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("soundstage.yml");
        Files.writeString(file, yaml);
        return ConfigFile.read(file, environment);
    }

    private String warehouse(String yaml, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("soundstage.yml");
        Files.writeString(file, yaml);
        return ConfigFile.readWarehouse(file, environment);
    }

    private void assertProblem(String yaml, String message) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(UserException.class)
                .hasMessage(dir.resolve("soundstage.yml") + ": " + message + ". Fix the file and try again.");
    }

    @Test
    void everyKey() throws IOException {
        PipelineConfig config = read("""
                warehouse: ${WAREHOUSE}
                sources:
                  songs: {kind: sparkify-songs, path: data/song_data}
                  events:
                    kind: sparkify-events
                    path: ['data/log_data/**', /abs/extra.json]
                  mine: {kind: spotify-export, path: my_spotify_data.zip, listener: alice, drop_personal_data: true}
                lake: {to: lake, format: json}
                schedule: {cron: '*/15 6-22 * * mon-fri', timezone: Europe/Berlin, catch_up: true}
                retries: {attempts: 5, backoff: 500ms}
                logs: var/logs
                """, Map.of("WAREHOUSE", "postgresql://etl@db:5432/music"));
        assertThat(ConfigFile.readWarehouse(config.file(), Map.of("WAREHOUSE", "postgresql://etl@db:5432/music"))).isEqualTo("postgresql://etl@db:5432/music");
        assertThat(config.sources()).containsExactly(
                new SourceConfig("songs", FileKind.SPARKIFY_SONGS, List.of(dir.resolve("data/song_data").toString()), null, false),
                new SourceConfig("events", FileKind.SPARKIFY_EVENTS, List.of(dir.resolve("data/log_data/**").toString(), "/abs/extra.json"), null, false),
                new SourceConfig("mine", FileKind.SPOTIFY_EXPORT, List.of(dir.resolve("my_spotify_data.zip").toString()), "alice", true));
        assertThat(config.lake()).isEqualTo(new LakeConfig(new LakeLocation.Folder(dir.resolve("lake")), LakeFormat.JSON));
        assertThat(config.schedule()).isEqualTo(new ScheduleConfig("*/15 6-22 * * mon-fri", ZoneId.of("Europe/Berlin"), true));
        assertThat(config.retries()).isEqualTo(new RetryPolicy(5, Duration.ofMillis(500)));
        assertThat(config.logs()).isEqualTo(dir.resolve("var/logs"));
    }

    /**
     * YAML 1.1 reads {@code 010} as 8, {@code 0x1F} as 31, {@code 1.50} as 1.5 and {@code no} as
     * false: {@code path: 010} named the folder '8'. Values are read as written; a boolean key
     * still takes YAML's yes, on, no and off.
     */
    @Test
    void numbersAndBooleansAreReadAsWritten() throws IOException {
        PipelineConfig config = read("""
                sources:
                  e: {kind: sparkify-events, path: [010, 0x1F, 1.50, 1e3, no, off, 2018]}
                  m: {kind: spotify-export, path: x.zip, listener: 007, drop_personal_data: yes}
                schedule: {catch_up: on}
                retries: {attempts: 010}
                logs: 0755
                """);
        assertThat(config.sources().get(0).paths()).containsExactly(dir.resolve("010").toString(), dir.resolve("0x1F").toString(),
                dir.resolve("1.50").toString(), dir.resolve("1e3").toString(), dir.resolve("no").toString(), dir.resolve("off").toString(),
                dir.resolve("2018").toString());
        assertThat(config.sources().get(1).listener()).isEqualTo("007");
        assertThat(config.sources().get(1).dropPersonalData()).isTrue();
        assertThat(config.schedule().catchUp()).isTrue();
        assertThat(config.retries().attempts()).isEqualTo(10);
        assertThat(config.logs()).isEqualTo(dir.resolve("0755"));
        assertThat(read("schedule: {catch_up: Off}\n").schedule().catchUp()).isFalse();
    }

    /** As for ingest, the variable decides for a spotify-export source that does not say; a bad value is named. */
    @Test
    void dropPersonalDataDefaultsToTheVariable() throws IOException {
        String yaml = """
                sources:
                  e: {kind: sparkify-events, path: logs}
                  m: {kind: spotify-export, path: x.zip}
                  kept: {kind: spotify-export, path: y.zip, drop_personal_data: false}
                """;
        assertThat(read(yaml, Map.of("SOUNDSTAGE_DROP_PERSONAL_DATA", "true")).sources()).extracting(SourceConfig::dropPersonalData).containsExactly(false, true, false);
        assertThat(read(yaml, Map.of()).sources()).extracting(SourceConfig::dropPersonalData).containsExactly(false, false, false);
        assertThatThrownBy(() -> read(yaml, Map.of("SOUNDSTAGE_DROP_PERSONAL_DATA", "maybe"))).isInstanceOf(UserException.class)
                .hasMessage("SOUNDSTAGE_DROP_PERSONAL_DATA is 'maybe'; set it to true or false, or unset it.");
    }

    @Test
    void defaults() throws IOException {
        PipelineConfig config = read("sources: {events: {kind: sparkify-events, path: logs}}\n");
        assertThat(ConfigFile.readWarehouse(config.file(), Map.of())).isNull();
        assertThat(config.lake()).isNull();
        assertThat(config.schedule()).isEqualTo(new ScheduleConfig("0 3 * * *", ZoneId.of("UTC"), false));
        assertThat(config.retries()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(2)));
        assertThat(config.logFolder("anything")).isEqualTo(dir.resolve("soundstage-logs"));
        assertThat(read("lake: {to: out}\n").lake().format()).isEqualTo(LakeFormat.PARQUET);
        assertThat(read("lake: {to: 's3://team-lake/sparkify/'}\n").lake().to()).isEqualTo(new LakeLocation.S3("team-lake", "sparkify"));
        assertThat(read("").sources()).isEmpty();
    }

    @Test
    void environmentVariables() throws IOException {
        assertThat(warehouse("warehouse: ${HOST_DB:-local.duckdb}\n", Map.of())).isEqualTo(dir.resolve("local.duckdb").toString());
        assertThat(warehouse("warehouse: postgresql://u@${HOST}/db\n", Map.of("HOST", "db1"))).isEqualTo("postgresql://u@db1/db");
        assertThat(warehouse("warehouse: price$$5.duckdb\n", Map.of())).isEqualTo(dir.resolve("price$5.duckdb").toString());
        assertThat(warehouse("warehouse: jdbc:postgresql://db/music\n", Map.of())).isEqualTo("jdbc:postgresql://db/music");
        // A password put in the user part by a variable is percent-encoded there, and only there.
        assertThat(warehouse("warehouse: postgresql://etl:${PGPASSWORD}@db/${DB}\n", Map.of("PGPASSWORD", "Tr0ub4dor@host/db#x y", "DB", "mu/sic")))
                .isEqualTo("postgresql://etl:Tr0ub4dor%40host%2Fdb%23x%20y@db/mu/sic");
        Path file = dir.resolve("soundstage.yml");
        String missing = file + ": warehouse: uses ${MISSING}, which is not set; set that environment variable or write ${MISSING:-fallback}. Fix the file and try again.";
        assertThatThrownBy(() -> warehouse("warehouse: ${MISSING}\n", Map.of())).hasMessage(missing);
        assertThatThrownBy(() -> warehouse("warehouse: '${NOPE.duckdb'\n", Map.of()))
                .hasMessage(file + ": warehouse: has a '${' that is not ${NAME} or ${NAME:-fallback} (a '}' missing?); write $$ for a $. Fix the file and try again.");
        assertProblem("sources: {e: {kind: sparkify-events, path: '${DATA}/logs'}}\n",
                "sources.e.path: uses ${DATA}, which is not set; set that environment variable or write ${DATA:-fallback}");

        // Each is read on its own: the pipeline's settings need no warehouse variable, the warehouse no other variable.
        assertThat(read("warehouse: ${MISSING}\nsources: {e: {kind: sparkify-events, path: logs}}\n").sources()).hasSize(1);
        assertThat(warehouse("warehouse: w.duckdb\nsources: {e: {kind: sparkify-events, path: '${DATA}/logs'}}\n", Map.of()))
                .isEqualTo(dir.resolve("w.duckdb").toString());
        // A misspelled key is not taken for no warehouse.
        assertThatThrownBy(() -> warehouse("warehose: w.duckdb\n", Map.of())).hasMessageContaining("warehose: is not a known key");
    }

    @Test
    void rulesNameTheKey() {
        assertProblem("warehous: x.duckdb\n", "warehous: is not a known key; use lake, logs, retries, schedule, sources, warehouse");
        assertProblem("sources: {e: {kind: sparkify-event, path: x}}\n",
                "sources.e.kind: 'sparkify-event' is not a kind; use one of sparkify-songs, sparkify-events, spotify-export");
        assertProblem("sources: {e: {kind: sparkify-events}}\n", "sources.e.path: is missing; give a file, a folder or a quoted glob, or a list of them");
        assertProblem("sources: {e: {kind: sparkify-events, path: []}}\n", "sources.e.path: is an empty list; give at least one file, folder or glob");
        assertProblem("sources: {e: {path: x}}\n", "sources.e.kind: is missing");
        assertProblem("sources: {e: {kind: sparkify-events, path: 'data/[a'}}\n",
                "sources.e.path: '" + dir.resolve("data/[a") + "' is not a valid glob: a '[' has no closing ']'");
        assertProblem("sources: {e: {kind: sparkify-events, path: x, pth: y}}\n",
                "sources.e.pth: is not a known key; use drop_personal_data, kind, listener, path");
        assertProblem("sources: {Events: {kind: sparkify-events, path: x}}\n",
                "sources.Events: the source name must be lower-case letters, digits and _, starting with a letter (it names the task ingest.Events)");
        assertProblem("sources: {e: {kind: sparkify-events, path: x, listener: bob}}\n",
                "sources.e.listener: is for kind spotify-export only (Sparkify events carry their users)");
        assertProblem("sources: {m: {kind: spotify-export, path: x, listener: ' '}}\n",
                "sources.m.listener: is empty");
        assertProblem("sources: {m: {kind: spotify-export, path: x, listener: \"a\\nb\"}}\n",
                "sources.m.listener: holds a control character (such as a line break). Give the Spotify username whose export this is, e.g. listener: alice");
        assertProblem("sources: {e: {kind: sparkify-events, path: x, drop_personal_data: true}}\n",
                "sources.e.drop_personal_data: is for kind spotify-export only (Sparkify events are stored as their files hold them)");
        assertProblem("sources: {e: {kind: spotify-export, path: x, drop_personal_data: maybe}}\n",
                "sources.e.drop_personal_data: must be true or false, not 'maybe'");
        assertProblem("sources: [a, b]\n", "sources: must be a mapping from source names to {kind, path}, not a list");
        assertProblem("lake: {format: parquet}\n", "lake.to: is missing");
        assertProblem("lake: {to: x, format: csv}\n", "lake.format: 'csv' is not a format; use one of parquet, json");
        assertProblem("lake: {to: 'gs://team-lake/x'}\n", "lake.to: 'gs://team-lake/x' is not a place Soundstage can write a lake to: "
                + "give a local folder or s3://BUCKET/PREFIX (S3 or an S3-compatible store such as MinIO)");   // one period, not two
        assertProblem("schedule: {cron: '0 3 * *'}\n", "schedule.cron: '0 3 * *' is not a cron expression (Cron expression contains 4 parts but we expect one of [5]); "
                + "write five fields, minute hour day-of-month month day-of-week, e.g. '0 3 * * *' for daily at 03:00");
        assertProblem("schedule: {cron: '0 3 * * *', timezone: Mars/Olympus}\n",
                "schedule.timezone: 'Mars/Olympus' is not a time zone; use a name such as UTC or Europe/Berlin");
        assertProblem("retries: {attempts: 0}\n", "retries.attempts: must be a whole number from 1 (no retry) to 100, not '0'");
        assertProblem("retries: {backoff: soon}\n", "retries.backoff: 'soon' is not a duration; write a whole number and a unit: 500ms, 30s, 10m, 2h or 1d");
        // A duration of too many digits was "not a duration" (it is one, only far too long).
        assertProblem("retries: {backoff: 99999999999d}\n", "retries.backoff: '99999999999d' is longer than a year, the most a duration may be here; give at most 366d");
        assertProblem("retries: {backoff: 367d}\n", "retries.backoff: '367d' is longer than a year, the most a duration may be here; give at most 366d");
        assertThatThrownBy(() -> warehouse("warehouse: {a: b}\n", Map.of()))
                .hasMessage(dir.resolve("soundstage.yml") + ": warehouse: must be a single value, not a mapping. Fix the file and try again.");
        assertProblem("- a\n- b\n", "(top level): must be a mapping of lake, logs, retries, schedule, sources, warehouse, not a list");
    }

    @Test
    void notYaml() throws IOException {
        Path file = dir.resolve("soundstage.yml");
        Files.writeString(file, "sources:\n  e: {kind: sparkify-events\n");
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class)
                .hasMessageStartingWith(file + " is not valid YAML at line ").hasMessageEndingWith("Fix the file and try again.")
                .hasMessageContaining("while parsing a flow mapping; expected ',' or '}'").hasMessageNotContaining("\n").hasMessageNotContaining("^");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class)
                .hasMessage("Configuration file " + file + " is not UTF-8 text. Save it as UTF-8 and try again.");
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing.yml"), Map.of())).isInstanceOf(UserException.class)
                .hasMessage("Configuration file " + dir.resolve("missing.yml")
                        + " does not exist. Create it (see the README's Configuration section) or name another with --config.");
        assertThatThrownBy(() -> ConfigFile.read(dir, Map.of())).isInstanceOf(UserException.class)
                .hasMessage("Cannot read configuration file '" + dir + "': it is a folder. Give --config the path of a YAML file.");
        // SnakeYAML scanned a long comment line in time that grows with its square (8 MB: 81 s; 50 MB hung).
        Files.writeString(file, "sources: {e: {kind: sparkify-events, path: x}}\n#" + "x".repeat(8 << 20) + "\n");
        long started = System.nanoTime();
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class)
                .hasMessage("Configuration file " + file + " is 8192 KB, more than a configuration holds (at most 256 KB). Give --config the path of the YAML configuration.");
        assertThat(System.nanoTime() - started).as("refused before it is parsed").isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
    }

    /** A lake in a source's folder: the next run ingested its parts and manifest (quarantined line by line, registered). */
    @Test
    void aLakeAmongTheSourcesIsRefused() throws IOException {
        assertProblem("sources: {events: {kind: sparkify-events, path: data}}\nlake: {to: data/lake, format: json}\n",
                "lake.to: '" + dir.resolve("data/lake") + "' is inside the folder of source events ('" + dir.resolve("data")
                        + "'), so every run would ingest the lake's own files; put the lake outside the sources' folders");
        assertProblem("sources: {events: {kind: sparkify-events, path: 'lake/landing/*.json'}}\nlake: {to: lake}\n",
                "lake.to: '" + dir.resolve("lake") + "' holds source events ('" + dir.resolve("lake/landing/*.json")
                        + "'), so every run would ingest the lake's own files; put the lake outside the sources' folders");
        assertThat(read("sources: {events: {kind: sparkify-events, path: data/events}}\nlake: {to: data/lake}\n").lake()).as("side by side").isNotNull();
    }

    /** {@code ~/} was the home folder in the warehouse and the sources' paths, but a folder named ~ beside the file in the lake's and the logs'. */
    @Test
    void theHomeFolderIsTheSameInEveryPath() throws IOException {
        String home = System.getProperty("user.home");
        PipelineConfig config = read("sources: {e: {kind: sparkify-events, path: ~/logs}}\nlake: {to: ~/lake}\nlogs: ~/run-logs\n");
        assertThat(config.sources().get(0).paths()).containsExactly(Path.of(home, "logs").toString());
        assertThat(config.lake().to()).isEqualTo(new LakeLocation.Folder(Path.of(home, "lake")));
        assertThat(config.logs()).isEqualTo(Path.of(home, "run-logs"));
    }

    /** An alias was read as the text of its name: "must be a mapping ..., not 'events'". */
    @Test
    void aYamlAliasIsRefusedAsSuch() throws IOException {
        Path file = dir.resolve("soundstage.yml");
        Files.writeString(file, """
                sources:
                  events: &events {kind: sparkify-events, path: data/log_data}
                  more: *events
                """);
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class)
                .hasMessage(file + " uses the YAML alias *events at line 3, which Soundstage does not expand. Write the value out in full there, and try again.");
    }

    /** Only the first of two documents was read: the sources of the second were silently lost. One document alone, even after '---', is read. */
    @Test
    void aSecondYamlDocumentIsRefused() throws IOException {
        Path file = dir.resolve("soundstage.yml");
        Files.writeString(file, """
                sources:
                  songs: {kind: sparkify-songs, path: data/song_data}
                ---
                sources:
                  events: {kind: sparkify-events, path: data/log_data}
                """);
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class)
                .hasMessage(file + " holds more than one YAML document (the second starts at line 4), and Soundstage reads one. "
                        + "Put everything in one document (remove the '---' line) and try again.");
        Files.writeString(file, "---\nsources:\n  songs: {kind: sparkify-songs, path: data/song_data}\n");
        assertThat(ConfigFile.read(file, Map.of()).sources()).hasSize(1);
        Files.writeString(file, "sources:\n  songs: {kind: sparkify-songs, path: data/song_data}\n---\n# nothing more\n");   // an empty document loses nothing
        assertThat(ConfigFile.read(file, Map.of()).sources()).hasSize(1);
    }

    /** SnakeYAML places a tab that indents a line at the line before it: the message names the tab's line. */
    @Test
    void aTabIsReportedAtItsOwnLine() throws IOException {
        Path file = dir.resolve("soundstage.yml");
        Files.writeString(file, "sources:\n  events:\n    kind: sparkify-events\n\tpath: data\n");
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class)
                .hasMessageStartingWith(file + " is not valid YAML at line 4: ").hasMessageContaining("TAB");
        Files.writeString(file, "sources:\n  events:\n    kind: sparkify-events\n    path:\tdata\n\n\t\n");
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class)
                .hasMessageStartingWith(file + " is not valid YAML at line 4: ").hasMessageContaining("TAB");
    }

    /** The last of two equal keys would win without a word: a source, a path or the warehouse silently replaced. */
    @Test
    void aKeyGivenTwiceIsRefused() throws IOException {
        Path file = dir.resolve("soundstage.yml");
        Files.writeString(file, """
                sources:
                  songs: {kind: sparkify-songs, path: data/song_data}
                  songs: {kind: sparkify-events, path: data/log_data}
                """);
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class)
                .hasMessageStartingWith(file + " is not valid YAML at line 3: ").hasMessageContaining("'songs'")
                .hasMessageEndingWith("Fix the file and try again.").hasMessageNotContaining("\n");
        Files.writeString(file, "sources:\n  e: {kind: sparkify-events, path: a, path: b}\n");
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class).hasMessageContaining("'path'");
        Files.writeString(file, "warehouse: a.duckdb\nwarehouse: b.duckdb\n");
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(UserException.class).hasMessageContaining("'warehouse'");
    }
}
