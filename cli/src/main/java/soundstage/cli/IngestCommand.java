package soundstage.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.ingest.InputPaths;
import soundstage.ingest.KindGuess;
import soundstage.ingest.spotify.SpotifyLoader;
import soundstage.transform.RunLog;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Loads files into the source layer, exactly once.",
                "A file whose content was loaded before (under any name) is skipped as a duplicate. Bad rows go to meta.quarantine with file, line and reason."})
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "KIND", description = "Kind of input: sparkify-songs, sparkify-events or spotify-export.")
    String kind;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH",
            description = {"Files, directories (searched recursively for *.json, *.jsonl, *.ndjson) or quoted globs.",
                    "spotify-export: export zips as downloaded, extracted folders (searched for zips and streaming-history files) or single files."})
    List<String> paths;

    @Option(names = "--listener", paramLabel = "NAME",
            description = "spotify-export: whose plays these are, for files whose records carry no username and whose export has no Userdata.json.")
    String listener;

    @Option(names = "--drop-personal-data", negatable = true, fallbackValue = "true",
            description = "spotify-export: drop IP addresses and user agents before they are stored (default: $SOUNDSTAGE_DROP_PERSONAL_DATA, else false).")
    Boolean dropPersonalDataOption;   // null: not given, the environment decides

    /** The option, else {@code SOUNDSTAGE_DROP_PERSONAL_DATA} (read here, so a bad value is blamed on the variable, not the option). */
    private boolean dropPersonalData() {
        if (dropPersonalDataOption != null) {
            return dropPersonalDataOption;
        }
        return IngestOptions.dropPersonalDataByDefault(System.getenv());
    }

    @Override
    public Integer call() throws Exception {
        FileKind fileKind = FileKind.fromCliName(kind);
        if (listener != null && fileKind != FileKind.SPOTIFY_EXPORT) {
            throw new UserException("--listener is for spotify-export only: Sparkify events carry their users. Drop the option and try again.");
        }
        boolean dropPersonalData = dropPersonalData();
        if (dropPersonalData && fileKind != FileKind.SPOTIFY_EXPORT && dropPersonalDataOption != null) {
            // Accepted and ignored, a user would believe the events' user agents and places were dropped.
            throw new UserException("--drop-personal-data is for spotify-export only: Sparkify events are stored as their files hold them. "
                    + "Drop the option and try again.");
        }
        PrintWriter err = spec.commandLine().getErr();
        // (through TerminalProgress: a warning about a file's unknown keys comes while the bar is drawn)
        java.util.function.Consumer<String> warn = warning -> TerminalProgress.println(err, "soundstage: warning: " + warning);
        List<Path> files = fileKind == FileKind.SPOTIFY_EXPORT ? InputPaths.resolveKeepingFolders(paths) : InputPaths.resolve(paths, warn);
        if (fileKind == FileKind.SPOTIFY_EXPORT) {
            // before the warehouse is opened: a refused command changes nothing (a DuckDB file not made yet holds no file, so no duplicate)
            String address = main.warehouse().address();
            boolean made = !WarehouseFactory.isFile(address) || Files.exists(Path.of(address));
            SpotifyLoader.refuseBeforeOpening(files, listener, !made);
        }
        IngestOptions options = IngestOptions.DEFAULTS.withListener(listener).withDropPersonalData(dropPersonalData)
                .withWarnings(warn);
        try (Warehouse opened = main.warehouse().open()) {
            // From the warehouse open to the end of the load: not while waiting for a writer's lock, nor while closing after it all committed.
            StoppedNotice.around(err, "ingest stopped before it finished: the batches of files it committed stay loaded, the one in progress was "
                    + "not committed; run the same ingest again to load the rest (the files already loaded count as duplicates)",
                    () -> ingest(opened, fileKind, files, options, spec));
            return 0;
        }
    }

    /** Ingests and prints the one-line summary; shared with {@code demo}. */
    static IngestSummary ingest(Warehouse warehouse, FileKind kind, List<Path> files, CommandSpec spec) throws Exception {
        return ingest(warehouse, kind, files, IngestOptions.DEFAULTS, spec);
    }

    static IngestSummary ingest(Warehouse warehouse, FileKind kind, List<Path> files, IngestOptions options, CommandSpec spec) throws Exception {
        RunLog log = new RunLog(warehouse.connection());
        int runId = log.start("ingest " + kind);
        long started = System.nanoTime();
        IngestSummary summary;
        try {
            summary = warehouse.ingest(kind, files, options, TerminalProgress.forLabel(spec.commandLine().getErr(), "ingest " + kind));
        } catch (Exception e) {
            log.failed(runId, e);
            throw e;
        }
        String line = describe(summary, (System.nanoTime() - started) / 1e9);
        log.finish(runId, true, line);
        spec.commandLine().getOut().println(line);
        if (summary.quarantined() > 0) {
            spec.commandLine().getOut().println("  " + summary.quarantined() + " rows quarantined; see them with: soundstage sql -w " + Shell.quote(warehouse.address())
                    + " \"SELECT path, line_no, reason FROM meta.quarantine ORDER BY path, line_no\"");
        }
        if (summary.rejected() > 0) {
            KindGuess.hint(kind, files).ifPresent(hint -> spec.commandLine().getOut().println("  " + hint));
        }
        return summary;
    }

    static String describe(IngestSummary s, double seconds) {
        return String.format(Locale.ROOT, "%s: %d files (%d loaded, %d rejected, %d duplicates of files already loaded), %d rows loaded, %d quarantined, %.1f MB in %.1f s",
                s.kind(), s.files(), s.loaded(), s.rejected(), s.duplicates(), s.rows(), s.quarantined(), s.bytes() / 1e6, seconds);
    }
}
