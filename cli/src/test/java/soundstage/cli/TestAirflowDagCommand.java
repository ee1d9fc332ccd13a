package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code soundstage airflow-dag}: a DAG file Python compiles, with one task per Soundstage task. */
class TestAirflowDagCommand {
    @TempDir
    Path dir;

    @Test
    void writesADagWithOneTaskPerSoundstageTaskWiredAsTheGraph() throws Exception {
        Path config = Files.writeString(dir.resolve("soundstage.yml"), """
                warehouse: music.duckdb
                sources:
                  events: {kind: sparkify-events, path: "logs/it's here"}
                schedule: {cron: '30 4 * * *', timezone: Europe/Berlin}
                retries: {attempts: 2, backoff: 30s}
                """);
        Path dag = Files.createDirectories(dir.resolve("dags")).resolve("soundstage.py");
        long tasks = Cli.ok("dag", "--config", config).outLines().stream().filter(line -> !line.startsWith(" ")).count();
        Cli.Result result = Cli.ok("airflow-dag", "--config", config, "--out", dag);
        assertThat(result.out()).startsWith("airflow-dag: wrote " + dag + " (" + tasks + " tasks, schedule '30 4 * * *' Europe/Berlin)");
        String python = Files.readString(dag);
        assertThat(python)
                .contains("SOUNDSTAGE = \"soundstage --config " + config.toAbsolutePath() + "\"")
                .contains("    schedule=\"30 4 * * *\",\n")
                .contains("tz=\"Europe/Berlin\"),\n")
                .contains("    catchup=False,\n")
                .contains("default_args={\"retries\": 1, \"retry_delay\": timedelta(milliseconds=30000)}")
                .contains("    tasks[\"ingest.events\"] = BashOperator(task_id=\"ingest.events\", bash_command=soundstage(\"ingest.events\"), "
                        + "doc=\"ingest sparkify-events from " + dir.resolve("logs/it's here") + "\")\n")
                .contains("    tasks[\"ingest.events\"] >> tasks[\"staging.sparkify_events\"]\n")
                .contains("    tasks[\"checks\"] = BashOperator(");
        assertThat(python.lines().filter(line -> line.contains("= BashOperator(")).count()).isEqualTo(tasks);
        compiles(dag);
    }

    /** Without --warehouse, the DAG opened ./soundstage.duckdb in whatever folder an Airflow worker runs in. */
    @Test
    void theDefaultWarehouseIsWrittenOutAsAnAbsolutePath() throws Exception {
        Path dag = dir.resolve("default.py");
        Cli.ok("airflow-dag", "--out", dag);
        assertThat(Files.readString(dag)).contains("SOUNDSTAGE = \"soundstage --warehouse " + Path.of("soundstage.duckdb").toAbsolutePath() + "\"");
    }

    @Test
    void theDagNeverHoldsThePassword() throws Exception {
        Path dag = dir.resolve("pg.py");
        Cli.ok("airflow-dag", "--out", dag, "-w", "postgresql://etl:s3cret@db:5432/music");
        assertThat(Files.readString(dag)).doesNotContain("s3cret").contains("postgresql://etl@db:5432/music");
        Cli.ok("airflow-dag", "--out", dag, "-w", "jdbc:postgresql://db/music?user=etl&password=s3cret&sslmode=require");
        assertThat(Files.readString(dag)).doesNotContain("s3cret").contains("jdbc:postgresql://db/music?user=etl&sslmode=require");
        Cli.ok("airflow-dag", "--out", dag, "-w", "jdbc:postgresql://db/music?password=s3cret");
        assertThat(Files.readString(dag)).doesNotContain("s3cret").contains("jdbc:postgresql://db/music\"");
    }

    @Test
    void aSelectionWritesOnlyItsTasks() throws Exception {
        Path dag = dir.resolve("part.py");
        Cli.ok("airflow-dag", "--out", dag, "--select", "+analytics.users", "--command", "/opt/soundstage/soundstage -w \"postgresql://etl@db/music\"",
                "--dag-id", "music_daily", "-w", dir.resolve("w.duckdb"));
        String python = Files.readString(dag);
        assertThat(python).contains("SOUNDSTAGE = \"/opt/soundstage/soundstage -w \\\"postgresql://etl@db/music\\\"\"").contains("dag_id=\"music_daily\"");
        assertThat(python.lines().filter(line -> line.contains("= BashOperator(")).count()).isEqualTo(4);
        compiles(dag);
        Cli.Result bad = Cli.run("airflow-dag", "--out", dag, "--dag-id", "music daily", "-w", dir.resolve("w.duckdb"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("soundstage: --dag-id 'music daily' is not a valid Airflow DAG id;");
    }

    /**
     * --command replaced the whole command, --config and --warehouse included: a worker in another
     * folder found no ingest task, and the models built an empty ./soundstage.duckdb and succeeded.
     */
    @Test
    void aCommandOfTheUsersStillNamesTheConfigurationAndTheWarehouse() throws Exception {
        Path config = Files.writeString(dir.resolve("soundstage.yml"), "sources: {events: {kind: sparkify-events, path: logs}}\n");
        Path dag = dir.resolve("worker.py");
        Cli.ok("airflow-dag", "--config", config, "--out", dag, "--command", "/opt/soundstage/soundstage");
        assertThat(Files.readString(dag)).contains("SOUNDSTAGE = \"/opt/soundstage/soundstage --config " + config.toAbsolutePath()
                + " --warehouse " + Path.of("soundstage.duckdb").toAbsolutePath() + "\"");
        compiles(dag);
        Cli.ok("airflow-dag", "--config", config, "--out", dag, "--command", "docker run --rm etl soundstage --config=/etc/soundstage.yml");
        assertThat(Files.readString(dag)).as("what the command gives is not given twice")
                .contains("SOUNDSTAGE = \"docker run --rm etl soundstage --config=/etc/soundstage.yml --warehouse " + Path.of("soundstage.duckdb").toAbsolutePath() + "\"");
    }

    @Test
    void aFileItDidNotWriteIsNeverReplaced() throws Exception {
        Path config = Files.writeString(dir.resolve("soundstage.yml"), "warehouse: music.duckdb\n");
        Cli.Result bad = Cli.run("airflow-dag", "--config", config, "--out", config);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("soundstage: '" + config + "' exists and is not a DAG file written by soundstage airflow-dag, so it is left as it is. "
                + "Give --out a new file's path, or the path of a DAG it wrote before (that one is replaced).\n");
        assertThat(Files.readString(config)).isEqualTo("warehouse: music.duckdb\n");

        Path dag = dir.resolve("soundstage.py");
        Cli.ok("airflow-dag", "--config", config, "--out", dag, "--dag-id", "first");
        Cli.ok("airflow-dag", "--config", config, "--out", dag, "--dag-id", "second");   // its own DAG: replaced
        assertThat(Files.readString(dag)).contains("dag_id=\"second\"").doesNotContain("dag_id=\"first\"");
    }

    /** Python compiles the file (syntax only: Airflow itself is not installed here). */
    private static void compiles(Path file) throws IOException, InterruptedException {
        boolean python = false;
        try {
            python = new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            // no python3 on this machine
        }
        assumeTrue(python, "python3 is not installed: the DAG file's syntax is not checked (apt-get install python3 to check it)");
        Process compile = new ProcessBuilder("python3", "-m", "py_compile", file.toString()).redirectErrorStream(true).start();
        String output = new String(compile.getInputStream().readAllBytes());
        assertThat(compile.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(compile.exitValue()).as(output).isZero();
    }
}
