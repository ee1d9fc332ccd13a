package soundstage.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import soundstage.core.ErrorMessage;
import soundstage.core.Progress;
import soundstage.core.UserException;
import soundstage.generate.GenerateSummary;
import soundstage.generate.SparkifyGenerator;
import soundstage.generate.SparkifyOptions;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes realistic Sparkify-shaped data in the public dataset's layout (song_data/A/B/C/TR*.json, log_data/YYYY/MM/*-events.json).",
                "Same options and seed, same bytes."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "N", description = "Number of events to write.")
    long events;

    @Option(names = "--songs", required = true, paramLabel = "M", description = "Number of songs in the catalogue.")
    int songs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into (created if missing).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--songs-per-file", defaultValue = "1", paramLabel = "K",
            description = "Songs per song file; 1 gives the public dataset's one-song files (default: ${DEFAULT-VALUE}).")
    int songsPerFile;

    @Option(names = "--duplicate-files", defaultValue = "0", paramLabel = "RATE",
            description = "Share of files also written again, byte-identical, under another name (default: ${DEFAULT-VALUE}).")
    double duplicateFiles;

    @Option(names = "--bad-lines", defaultValue = "0", paramLabel = "RATE",
            description = "Share of event lines damaged (truncated JSON, wrong types, missing fields) (default: ${DEFAULT-VALUE}).")
    double badLines;

    @Option(names = "--max-events-per-day", defaultValue = "40000", paramLabel = "N",
            description = "Events per daily log file at most; more events span more days (default: ${DEFAULT-VALUE}).")
    int maxEventsPerDay;

    @Override
    public Integer call() throws Exception {
        SparkifyOptions options = options(events, songs, seed)
                .withSongsPerFile(songsPerFile)
                .withDuplicateFileRate(duplicateFiles)
                .withBadLineRate(badLines)
                .withMaxEventsPerDay(maxEventsPerDay);
        generate(options, out, spec);
        return 0;
    }

    static SparkifyOptions options(long events, int songs, long seed) {
        try {
            return SparkifyOptions.defaults(events, songs, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage() + ". Fix the option and try again.");
        }
    }

    static GenerateSummary generate(SparkifyOptions options, Path out, CommandSpec spec) throws Exception {
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new UserException("Cannot write into '" + out + "': it is a file, not a folder. Choose a folder with --out.");
        }
        long started = System.nanoTime();
        GenerateSummary summary;
        try {
            Progress progress = TerminalProgress.forLabel(spec.commandLine().getErr(), "generate");
            summary = new SparkifyGenerator(options).generate(out, written -> progress.update(written, options.events()));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage() + ". Fix the option and try again.");
        } catch (java.io.IOException e) {
            throw new UserException("Cannot write into '" + out + "': " + ErrorMessage.clause(e) + ". Check the folder and its permissions.", e);
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "generate: %d events in %d files, %d songs in %d files, %d duplicate files, %d bad lines, %.1f MB in %s, %.1f s",
                summary.events(), summary.eventFiles(), summary.songs(), summary.songFiles(), summary.duplicateFiles(),
                summary.badLines(), summary.bytes() / 1e6, out, (System.nanoTime() - started) / 1e9));
        return summary;
    }
}
