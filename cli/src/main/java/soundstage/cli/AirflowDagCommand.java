package soundstage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.ErrorMessage;
import soundstage.core.UserException;
import soundstage.core.WarehouseFactory;
import soundstage.orchestrate.AirflowDag;
import soundstage.orchestrate.PipelineConfig;
import soundstage.orchestrate.Task;
import soundstage.orchestrate.TaskGraph;
import soundstage.transform.ModelGraph;

@Command(name = "airflow-dag", mixinStandardHelpOptions = true,
        description = {"Writes an Airflow DAG file whose tasks call this command line, one per Soundstage task, wired as `soundstage dag` shows.",
                "Schedule, time zone, catch-up and retries come from the configuration file."})
final class AirflowDagCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;
    @Mixin
    TaskSelection selection;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the DAG, e.g. $AIRFLOW_HOME/dags/soundstage.py.")
    Path out;

    @Option(names = "--dag-id", paramLabel = "ID", defaultValue = "soundstage", description = "The DAG's id in Airflow. Default: soundstage.")
    String dagId;

    @Option(names = "--command", paramLabel = "CMD",
            description = "How Airflow's workers start Soundstage (the launcher's place on them, or a wrapper). Default: this launcher's path. "
                    + "Either way --config and --warehouse follow, as given here, unless CMD gives them.")
    String command;

    @Override
    public Integer call() throws Exception {
        if (command != null && command.isBlank()) {   // --command "$CMD" with the variable unset: a DAG whose tasks run nothing
            throw new UserException("--command is empty. Give how Airflow's workers start Soundstage (e.g. /opt/soundstage/soundstage), "
                    + "or leave it out for this launcher's path; check that the variable it came from is set.");
        }
        if (!dagId.matches("[A-Za-z0-9_.-]{1,250}")) {
            throw new UserException("--dag-id '" + dagId + "' is not a valid Airflow DAG id; use letters, digits, '_', '.' and '-', at most 250 of them.");
        }
        PipelineConfig config = main.config();
        String address = main.warehouse().address();
        TaskGraph graph = TaskGraph.of(config, ModelGraph.load(WarehouseFactory.dialectOf(address)));
        List<Task> tasks = selection.select(graph);
        String python = AirflowDag.render(dagId, workerCommand(config), tasks,
                config.schedule(), config.retries(), LocalDate.now(config.schedule().zone()));
        if (Files.isDirectory(out)) {
            throw new UserException("--out '" + out + "' is a folder; give the DAG file's path, for example " + out.resolve(dagId + ".py") + ".");
        }
        if (Files.exists(out) && !writtenByUs(out)) {
            throw new UserException("'" + out + "' exists and is not a DAG file written by soundstage airflow-dag, so it is left as it is. "
                    + "Give --out a new file's path, or the path of a DAG it wrote before (that one is replaced).");
        }
        if (!Files.isDirectory(out.toAbsolutePath().getParent())) {
            // A mistyped $AIRFLOW_HOME would get a new folder no scheduler reads, and exit 0.
            throw new UserException("--out: there is no folder '" + out.toAbsolutePath().getParent() + "'. Give a path in Airflow's dags folder (it must exist).");
        }
        try {
            Files.writeString(out, python, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("Cannot write '" + out + "': " + ErrorMessage.clause(e) + ". Check the folder and its permissions.", e);
        }
        spec.commandLine().getOut().println("airflow-dag: wrote " + out + " (" + tasks.size() + " tasks, schedule '" + config.schedule().cron()
                + "' " + config.schedule().zone().getId() + ")");
        return 0;
    }

    /** Whether {@code file} starts with the first line of a DAG this command writes (so replacing it loses nothing of the user's). */
    private static boolean writtenByUs(Path file) {
        byte[] expected = AirflowDag.FIRST_LINE.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(expected.length), expected);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The launcher ({@code --command} as written, or this launcher's path) with the options this
     * command was given and the warehouse it opens, so Airflow runs what the user runs. A
     * {@code --command} without them ran every task in the worker's folder: the ingest tasks were
     * "no task" there, and the models built an empty {@code soundstage.duckdb} and succeeded.
     */
    private String workerCommand(PipelineConfig config) {
        List<String> parts = new ArrayList<>();
        parts.add(command != null ? command.strip() : Shell.quote(System.getProperty("soundstage.launcher", "soundstage")));
        List<String> given = command == null ? List.of() : Arrays.asList(command.strip().split("\\s+"));
        if (config.file() != null && given.stream().noneMatch(word -> word.equals("--config") || word.startsWith("--config="))) {
            parts.add("--config");
            parts.add(Shell.quote(config.file().toAbsolutePath().toString()));
        }
        if (!main.warehouse().fromConfiguration()
                && given.stream().noneMatch(word -> word.equals("--warehouse") || word.startsWith("--warehouse=") || word.equals("-w"))) {
            // Given, from the environment or the default: Airflow's workers run elsewhere, with
            // another folder and environment, so it is written out (the configuration's is read
            // there from --config, its ${VARIABLES} too).
            String warehouse = main.warehouse().address();
            parts.add("--warehouse");
            // Never the password: DAG files are committed and shared; Airflow's workers get it from PGPASSWORD or .pgpass.
            parts.add(Shell.quote(warehouse.contains("://") ? WarehouseOption.withoutPassword(warehouse) : Path.of(warehouse).toAbsolutePath().toString()));
        }
        return String.join(" ", parts);
    }
}
