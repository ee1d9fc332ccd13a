package soundstage.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.LostConnection;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.ingest.InputPaths;
import soundstage.orchestrate.Durations;
import soundstage.orchestrate.FolderWatch;
import soundstage.orchestrate.PipelineConfig;
import soundstage.orchestrate.PipelineRun;
import soundstage.orchestrate.RunHistory;
import soundstage.orchestrate.RunRequest;
import soundstage.orchestrate.Scheduler;
import soundstage.orchestrate.SourceConfig;
import soundstage.orchestrate.Stop;
import soundstage.orchestrate.TaskGraph;
import soundstage.orchestrate.TaskRunner;
import soundstage.transform.ModelGraph;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Runs the pipeline on the configuration's schedule (cron; daily at 03:00 UTC by default), until stopped (Ctrl-C or SIGTERM).",
                "With --watch DIR, runs whenever new files have landed in DIR instead. The warehouse is opened for each run only, so other commands work in between."})
final class ScheduleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;
    @Mixin
    TaskSelection selection;

    /** How long a run (or the cron schedule's start) that could not reach its database waits to try again, at first and at most (doubling in between). */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LAST_RETRY = Duration.ofMinutes(5);

    /** The name of the source --watch adds for a folder that is not a configured source's. */
    private static final String WATCHED = "watch";

    @Option(names = "--watch", paramLabel = "DIR",
            description = "Run when files land in DIR (new or changed, then unchanged for one poll) rather than on the cron schedule. DIR is a configured "
                    + "source's folder, or give --kind. Write files elsewhere and move them in, so none is read half-written.")
    Path watch;

    @Option(names = "--kind", paramLabel = "KIND", description = "--watch: what the files in DIR are (sparkify-songs, sparkify-events, spotify-export), when DIR is not a configured source.")
    String kind;

    @Option(names = "--listener", paramLabel = "NAME",
            description = "--watch --kind spotify-export: whose plays the files are, for records that carry no username in an export without Userdata.json.")
    String listener;

    @Option(names = "--drop-personal-data", negatable = true, fallbackValue = "true",
            description = "--watch --kind spotify-export: drop IP addresses and user agents before they are stored (default: $SOUNDSTAGE_DROP_PERSONAL_DATA, else false).")
    Boolean dropPersonalData;   // null: not given, the environment decides

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "2s", description = "--watch: how often DIR is looked at. Default: 2s.")
    String poll;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "0", description = "Stop after N runs. Default: 0, never.")
    int maxRuns;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (maxRuns < 0) {
            throw new UserException("--max-runs must be 0 (never stop) or more, got " + maxRuns + ".");
        }
        RunCommand.checkLogFolder(main);
        GracefulStop.install(err);   // from the start: stopped before its first run, it exited 143 without a word
        if (watch == null) {
            if (kind != null) {
                throw new UserException("--kind is for --watch; the schedule runs the configured sources.");
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--poll")) {
                throw new UserException("--poll is for --watch; the schedule runs at the times of its cron expression.");
            }
            String spotifyOption = spotifyOptionGiven();
            if (spotifyOption != null) {   // accepted and ignored, the scheduled runs stored what the user asked to drop
                throw new UserException(spotifyOption + " is for --watch --kind spotify-export; the schedule runs the configured sources: set "
                        + (listener != null ? "listener" : "drop_personal_data") + " on the source in the configuration file.");
            }
            PipelineConfig config = main.config();
            Optional<Instant> last;
            // As a writer (waiting, as runs do): the first schedule of a warehouse creates it.
            refuseWhatEveryRunWould(config);
            last = lastScheduled(err);
            Scheduler scheduler = new Scheduler(config.schedule(), Clock.systemUTC(), TaskRunner.Pause.SLEEP, line -> report(err, line));
            return scheduler.loop(last, maxRuns, scheduledFor -> runOnce(config, "schedule", scheduledFor)).lastSucceeded() ? 0 : 1;   // with --max-runs: whether the last run succeeded
        }
        if (watch.toString().isBlank()) {
            throw new UserException("--watch is empty. Give the folder new files land in; check that the variable it came from is set.");
        }
        if (!Files.isDirectory(watch)) {
            throw new UserException("--watch: " + (Files.exists(watch) ? "'" + watch + "' is a file, not a folder" : "there is no folder '" + watch + "'")
                    + ". Give the folder new files land in.");
        }
        PipelineConfig config = watched(main.config());
        refuseOwnFiles(config);
        Duration interval = parsePoll();
        refuseWhatEveryRunWould(config);
        FolderWatch folder = new FolderWatch(watch, interval, TaskRunner.Pause.SLEEP, notice -> report(err, notice));
        int runs = 0;
        Boolean succeeded = true;   // null: the last run could not start
        Duration retry = FIRST_RETRY;
        if (folder.settle() > 0) {   // files that landed while no one watched: taken at once (an empty folder waits for its first)
            report(err, "files are already in " + watch + ": a first run takes those not yet ingested");
            succeeded = watchedRun(config, err, retry);
            runs += succeeded == null ? 0 : 1;
        }
        while ((maxRuns == 0 || runs < maxRuns) && Stop.requested() == null) {
            if (succeeded == null) {
                // The files that landed wait for no further file: they were left until the next one landed, a day later perhaps.
                TaskRunner.Pause.SLEEP.pause(retry);
                retry = later(retry);
                folder.settle();
            } else {
                retry = FIRST_RETRY;
                report(err, "watching " + watch + " for new files (every " + poll + ")");
                int changed = folder.awaitChange();
                folder.settle();
                report(err, changed + " new or changed file(s) in " + watch);
            }
            succeeded = watchedRun(config, err, retry);
            runs += succeeded == null ? 0 : 1;   // a try that could not start is not one of --max-runs: the files still wait for their run
        }
        return Boolean.TRUE.equals(succeeded) ? 0 : 1;   // with --max-runs: whether the last run succeeded
    }

    /**
     * The fire time of the last scheduled run, read when the schedule starts; a database that
     * cannot be reached then (down, restarting: a service started before PostgreSQL at boot) is
     * tried again, as a run that cannot start is, instead of ending the schedule with exit 2. Any
     * other refusal (a wrong password, say) ends it at once: it would not pass by itself.
     */
    private Optional<Instant> lastScheduled(PrintWriter err) throws Exception {
        for (Duration retry = FIRST_RETRY; ; retry = later(retry)) {
            try (Warehouse opened = main.warehouse().waitingAtLeast(Duration.ofHours(1)).open()) {
                return new RunHistory(opened.connection()).lastScheduled();
            } catch (RuntimeException e) {
                if (!LostConnection.inOrUnreachable(e) || Stop.requested() != null) {
                    throw e;
                }
                report(err, "cannot start: " + withoutStop(LostConnection.messageOf(e)) + "; trying again in " + retry.toSeconds() + "s");
                TaskRunner.Pause.SLEEP.pause(retry);
            }
        }
    }

    /** The next wait before trying again: twice {@code retry}, at most {@link #LAST_RETRY}. */
    private static Duration later(Duration retry) {
        return retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }

    /**
     * One run of {@code --watch}: whether it succeeded, or null when it could not start because the
     * database cannot be reached (down, restarting): then it is tried again after {@code retry},
     * while the watch goes on. Any other failure (a wrong password, a warehouse of a newer version)
     * is reported, and the next file to land tries again: it would not pass by itself.
     */
    private Boolean watchedRun(PipelineConfig config, PrintWriter err, Duration retry) {
        try {
            return runOnce(config, "schedule --watch", null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            boolean passing = LostConnection.inOrUnreachable(e);
            report(err, "the run failed: " + withoutStop(LostConnection.messageOf(e))
                    + (passing ? "; trying again in " + retry.toSeconds() + "s, still watching " : "; still watching ") + watch);
            return passing ? null : false;
        }
    }

    /** A message without its closing full stop, to go on after it. */
    private static String withoutStop(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /** One run; it waits up to an hour (or --wait, if longer) for another writer, as a scheduled job should rather than fail. */
    private boolean runOnce(PipelineConfig config, String command, Instant scheduledFor) throws Exception {
        try (Warehouse opened = main.warehouse().waitingAtLeast(Duration.ofHours(1)).open()) {
            PipelineRun pipeline = new PipelineRun(opened, config);
            return RunCommand.execute(pipeline, new RunRequest(command + selection.described(), selection.select(pipeline.graph()), false, null, scheduledFor, null), spec).succeeded();
        }
    }

    /**
     * Refuses at the start what every run would refuse (a --select, --from or --until that names
     * no task, models that depend on each other in a cycle): it was found at the first fire time,
     * hours later, and then only reported, while the schedule went on failing.
     */
    private void refuseWhatEveryRunWould(PipelineConfig config) {
        selection.select(TaskGraph.of(config, ModelGraph.load(WarehouseFactory.dialectOf(main.warehouse().address()))));
    }

    /**
     * Refuses a watched folder that holds the warehouse file or the run logs: every run writes
     * them, which would start the next run, forever (and the logs would be ingested as input).
     */
    private void refuseOwnFiles(PipelineConfig config) {
        Path folder = watch.toAbsolutePath().normalize();
        String address = main.warehouse().address();
        if (WarehouseFactory.isFile(address) && Path.of(address).toAbsolutePath().normalize().startsWith(folder)) {
            throw new UserException("--watch: '" + watch + "' holds the warehouse '" + address + "', which every run changes, so each run would start the next. "
                    + "Keep the warehouse outside the watched folder (" + main.warehouse().source() + ").");
        }
        Path logs = config.logFolder(address).toAbsolutePath().normalize();
        if (logs.startsWith(folder)) {
            throw new UserException("--watch: '" + watch + "' holds the run logs folder '" + logs + "', which every run writes, so each run would start the next. "
                    + "Set logs: in the configuration file to a folder outside it.");
        }
    }

    /** The first of --listener and --drop-personal-data (or its negation) given, or null. */
    private String spotifyOptionGiven() {
        return listener != null ? "--listener" : dropPersonalData == null ? null : dropPersonalData ? "--drop-personal-data" : "--no-drop-personal-data";
    }

    /** The configuration with the watched folder as a source: the configured one whose path (or pattern's folder) it is, else one of --kind named watch. */
    private PipelineConfig watched(PipelineConfig config) {
        String folder = watch.toAbsolutePath().normalize().toString();
        // A source's folder, or the folder of its pattern (landing of landing/*.json).
        boolean configured = config.sources().stream().anyMatch(source -> source.paths().stream()
                .anyMatch(path -> InputPaths.folderOf(path).toAbsolutePath().normalize().toString().equals(folder)));
        if (configured) {
            String option = kind != null ? "--kind" : spotifyOptionGiven();
            if (option != null) {
                throw new UserException(option + ": " + watch + " is a configured source, whose settings the configuration file gives (kind, listener, "
                        + "drop_personal_data); drop " + option + ".");
            }
            return config;
        }
        if (kind == null) {
            throw new UserException(watch + " is not the path of a configured source; say what its files are with --kind (" + FileKind.names() + ").");
        }
        if (config.sources().stream().anyMatch(source -> source.name().equals(WATCHED))) {
            // Its task would be the watched folder's: the folder was never ingested, without a word.
            throw new UserException("--watch: the configuration has a source named '" + WATCHED + "', the name --watch gives the folder it watches; "
                    + "rename that source in " + config.file() + ".");
        }
        List<SourceConfig> sources = new ArrayList<>(config.sources());
        FileKind watchedKind = FileKind.fromCliName(kind);
        if (watchedKind != FileKind.SPOTIFY_EXPORT && (listener != null || Boolean.TRUE.equals(dropPersonalData))) {
            throw new UserException(spotifyOptionGiven() + " is for --kind spotify-export only.");
        }
        String badListener = IngestOptions.listenerProblem(listener, "--listener alice");
        if (badListener != null) {
            throw new UserException("--listener " + badListener);
        }
        boolean drop = watchedKind == FileKind.SPOTIFY_EXPORT
                && (dropPersonalData != null ? dropPersonalData : IngestOptions.dropPersonalDataByDefault(System.getenv()));
        sources.add(new SourceConfig(WATCHED, watchedKind, List.of(folder), listener, drop, "--listener"));   // its messages name the option
        return new PipelineConfig(config.file(), sources, config.lake(), config.schedule(), config.retries(), config.logs());
    }

    private Duration parsePoll() {
        try {
            Duration interval = Durations.parse(poll);
            if (interval.isZero()) {
                throw new IllegalArgumentException("'" + poll + "' is no time at all; poll at least every 100ms");
            }
            return interval;
        } catch (IllegalArgumentException e) {
            throw new UserException("--poll: " + e.getMessage() + ".");
        }
    }

    private static void report(PrintWriter err, String line) {
        err.println("schedule: " + line);
        err.flush();
    }
}
