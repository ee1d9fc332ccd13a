package soundstage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
import soundstage.generate.SpotifyGenerator;
import soundstage.generate.SpotifyOptions;
import soundstage.generate.SpotifySummary;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes realistic Sparkify-shaped data in the public dataset's layout, or with --spotify Spotify personal-data exports.",
                "Sparkify: song_data/A/B/C/TR*.json and log_data/YYYY/MM/*-events.json. Spotify: DIR/<username>/my_spotify_data_<date>.zip "
                        + "and my_spotify_data_extended_<date>.zip. Same options and seed, same bytes."})
final class GenerateCommand implements Callable<Integer> {
    /** Options that only Sparkify data takes, and those that only Spotify exports take. */
    private static final List<String> SPARKIFY_ONLY =
            List.of("--events", "--songs", "--songs-per-file", "--duplicate-files", "--bad-lines", "--max-events-per-day");
    /** The start of the generator's message about one of its values: "plays must ...". */
    private static final Pattern FIELD = Pattern.compile("([a-z][A-Za-z]*) must ");
    private static final List<String> SPOTIFY_ONLY = List.of("--listeners", "--plays", "--duplicate-exports", "--extracted");

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Number of events to write (Sparkify data; required without --spotify).")
    Long events;

    @Option(names = "--songs", paramLabel = "M", description = "Number of songs in the catalogue (Sparkify data; required without --spotify).")
    Integer songs;

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
            description = "Share of event lines damaged (truncated JSON, wrong types, missing fields, plain text) (default: ${DEFAULT-VALUE}).")
    double badLines;

    @Option(names = "--max-events-per-day", defaultValue = "40000", paramLabel = "N",
            description = "Events per daily log file at most; more events span more days (default: ${DEFAULT-VALUE}).")
    int maxEventsPerDay;

    @Option(names = "--spotify",
            description = "Write Spotify personal-data exports instead: per listener, several account data (last 12 months) exports and one extended streaming history.")
    boolean spotify;

    @Option(names = "--listeners", defaultValue = "" + SpotifyOptions.DEFAULT_LISTENERS, paramLabel = "N",
            description = "With --spotify: listeners, one folder each; their extended histories take the three formats in turn (default: ${DEFAULT-VALUE}).")
    int listeners;

    @Option(names = "--plays", defaultValue = "" + SpotifyOptions.DEFAULT_PLAYS, paramLabel = "N",
            description = "With --spotify: plays in each listener's lifetime history, about 35 a day (default: ${DEFAULT-VALUE}).")
    long plays;

    @Option(names = "--duplicate-exports", defaultValue = "0", paramLabel = "RATE",
            description = "With --spotify: share of exports also written again, byte-identical, as 'NAME (1).zip' (default: ${DEFAULT-VALUE}).")
    double duplicateExports;

    @Option(names = "--extracted", description = "With --spotify: write each export as the folder unzipping it gives, instead of a zip.")
    boolean extracted;

    /** The file that marks a folder as written by this command (hidden: ingest skips it). */
    static final String MARKER = ".soundstage-generate";

    @Override
    public Integer call() throws Exception {
        if (spotify) {
            rejectOptions(SPARKIFY_ONLY, "is for Sparkify data and does not go with --spotify. Remove it and try again.");
            generateSpotify();
            return 0;
        }
        rejectOptions(SPOTIFY_ONLY, "goes with --spotify only. Add --spotify, or remove it, and try again.");
        if (events == null || songs == null) {
            String missing = events == null && songs == null ? "--events N and --songs M" : events == null ? "--events N" : "--songs M";
            throw new UserException("Missing " + missing + ". Give --events and --songs for Sparkify data, or --spotify for Spotify exports.");
        }
        atLeastOne("--songs-per-file", songsPerFile);
        atLeastOne("--max-events-per-day", maxEventsPerDay);
        share("--duplicate-files", duplicateFiles);
        share("--bad-lines", badLines);
        SparkifyOptions options = options(events, songs, seed)
                .withSongsPerFile(songsPerFile)
                .withDuplicateFileRate(duplicateFiles)
                .withBadLineRate(badLines)
                .withMaxEventsPerDay(maxEventsPerDay);
        generate(options, out, spec);
        return 0;
    }

    /**
     * The generator's message about one of its values ("plays must be between 1 and 1000000, got
     * 0", "maxEventsPerDay must be ...") naming the option instead ("--plays", "--max-events-per-day").
     */
    static String asOption(String message) {
        Matcher field = FIELD.matcher(message);
        return field.lookingAt() ? "--" + field.group(1).replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT) + message.substring(field.end(1)) : message;
    }

    private static void atLeastOne(String option, long value) {
        if (value < 1) {
            throw new UserException(option + " must be at least 1, got " + value + ". Fix the option and try again.");
        }
    }

    private static void share(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new UserException(option + " is a share, between 0 and 1; got " + value + ". Fix the option and try again.");
        }
    }

    private void rejectOptions(List<String> names, String rule) {
        for (String name : names) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new UserException(name + " " + rule);
            }
        }
    }

    private void generateSpotify() {
        share("--duplicate-exports", duplicateExports);
        SpotifyOptions options;
        try {
            options = SpotifyOptions.defaults(listeners, plays, seed).withDuplicateExportRate(duplicateExports).withExtracted(extracted);
        } catch (IllegalArgumentException e) {
            throw new UserException(asOption(e.getMessage()) + ". Fix the option and try again.");
        }
        requireSpace(options, out);
        requireFolder(out);
        long started = System.nanoTime();
        SpotifySummary summary;
        try {
            Progress progress = TerminalProgress.forLabel(spec.commandLine().getErr(), "generate");
            long total = options.listeners() * options.plays();
            summary = new SpotifyGenerator(options).generate(out, done -> progress.update(done, total));
            markComplete(out);
        } catch (IOException e) {
            throw new UserException("Cannot write into '" + out + "': " + ErrorMessage.clause(e) + ". Check the folder and its permissions.", e);
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "generate: %d plays of %d listeners in %d exports (%d extended, %d account data) holding %d JSON files, %d duplicate exports, %.1f MB in %s, %.1f s",
                summary.plays(), summary.listeners(), summary.extendedExports() + summary.accountDataExports(), summary.extendedExports(),
                summary.accountDataExports(), summary.jsonFiles(), summary.duplicateExports(), summary.bytes() / 1e6, out,
                (System.nanoTime() - started) / 1e9));
    }

    /**
     * Refuses a file, and a folder that holds anything but earlier generated data: the generator
     * writes the public datasets' own file names (log_data/2018/11/2018-11-01-events.json), so
     * writing into real data would replace it. A folder it wrote is marked by {@link #MARKER}, and
     * emptied before it is written again: files of the earlier data left beside the new would be
     * ingested with it.
     */
    private static void requireFolder(Path out) {
        if (out.toString().isEmpty()) {   // Java takes "" for the current folder: an unset variable ("$OUT")
            throw new UserException("--out is empty. Give the folder to write into; check that the variable it came from is set.");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserException("Cannot write into '" + out + "': it is a file, not a folder. Choose a folder with --out.");
        }
        try {
            if (Files.isDirectory(out) && !Files.exists(out.resolve(MARKER))) {
                try (Stream<Path> children = Files.list(out)) {
                    if (children.findAny().isPresent()) {
                        throw new UserException("Folder '" + out + "' is not empty and was not written by 'soundstage generate': its files could be "
                                + "replaced by generated ones of the same names. Choose a new or empty folder with --out.");
                    }
                }
            }
            if (Files.exists(out.resolve(MARKER))) {
                List<Path> added = Folders.addedSince(out, out.resolve(MARKER), COMPLETE);
                if (!added.isEmpty()) {
                    throw new UserException("Folder '" + out + "' holds " + added.size() + (added.size() == 1 ? " file" : " files") + " that 'soundstage generate' "
                            + "did not write (such as '" + out.relativize(added.get(0)) + "'), which generating here again would delete. "
                            + "Move " + (added.size() == 1 ? "it" : "them") + " out, or choose another folder with --out.");
                }
                Folders.empty(out);
            }
            Files.createDirectories(out);
            Files.writeString(out.resolve(MARKER), "written by soundstage generate; generating here again empties this folder first\n");
        } catch (IOException e) {
            throw new UserException("Cannot write into '" + out + "': " + ErrorMessage.clause(e) + ". Check the folder and its permissions.", e);
        }
    }

    /** The marker's last line once every file is written: files changed after it were not written by generate. */
    private static final String COMPLETE = "complete";

    /** Marks {@code out} complete: everything in it now is generate's. */
    private static void markComplete(Path out) throws IOException {
        Files.writeString(out.resolve(MARKER), "written by soundstage generate; generating here again empties this folder first\n" + COMPLETE + "\n");
    }

    /** Bytes per generated event line (measured: 450 MB for 1M events) and per song file (one disk block). */
    static final long EVENT_BYTES = 460;
    static final long SONG_FILE_BYTES = 4096;
    /** Bytes per generated Spotify play, all its exports' records together (measured: 1.17 KB extracted, 120 B zipped). */
    static final long PLAY_BYTES_EXTRACTED = 1200;
    static final long PLAY_BYTES_ZIPPED = 150;

    private static void requireSpace(SparkifyOptions options, Path out) {
        requireSpace((double) options.events() * EVENT_BYTES + Math.ceil((double) options.songs() / options.songsPerFile()) * SONG_FILE_BYTES,
                options.events() + " events", out);
    }

    private static void requireSpace(SpotifyOptions options, Path out) {
        requireSpace((double) options.listeners() * options.plays() * (options.extracted() ? PLAY_BYTES_EXTRACTED : PLAY_BYTES_ZIPPED)
                * (1 + options.duplicateExportRate()), options.listeners() * options.plays() + " plays", out);
    }

    /**
     * Refuses to start what would fill the disk: the generator streams, so nothing else stops a
     * mistyped --events (an extra three zeros) before the disk is full.
     */
    private static void requireSpace(double needed, String what, Path out) {
        long free;
        try {
            Path existing = out.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {   // the folder may not be made yet
                existing = existing.getParent();
            }
            if (existing == null) {
                return;
            }
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return;   // the writes will say what is wrong
        }
        if (needed > free) {
            throw new UserException(String.format(Locale.ROOT, "Generating %s needs about %s, and '%s' has %s free. Generate less, or choose --out on a larger disk.",
                    what, size(needed), out, size(free)));
        }
    }

    private static String size(double bytes) {
        return bytes >= 1e12 ? String.format(Locale.ROOT, "%.1f TB", bytes / 1e12)
                : bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    static SparkifyOptions options(long events, int songs, long seed) {
        try {
            return SparkifyOptions.defaults(events, songs, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(asOption(e.getMessage()) + ". Fix the option and try again.");
        }
    }

    static GenerateSummary generate(SparkifyOptions options, Path out, CommandSpec spec) throws Exception {
        requireSpace(options, out);   // before the folder is made: a refused command leaves nothing behind
        requireFolder(out);
        long started = System.nanoTime();
        GenerateSummary summary;
        try {
            Progress progress = TerminalProgress.forLabel(spec.commandLine().getErr(), "generate");
            summary = new SparkifyGenerator(options).generate(out, written -> progress.update(written, options.events()));
            markComplete(out);
        } catch (IllegalArgumentException e) {
            throw new UserException(asOption(e.getMessage()) + ". Fix the option and try again.");
        } catch (IOException e) {
            throw new UserException("Cannot write into '" + out + "': " + ErrorMessage.clause(e) + ". Check the folder and its permissions.", e);
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "generate: %d events in %d files, %d songs in %d files, %d duplicate files, %d bad lines, %.1f MB in %s, %.1f s",
                summary.events(), summary.eventFiles(), summary.songs(), summary.songFiles(), summary.duplicateFiles(),
                summary.badLines(), summary.bytes() / 1e6, out, (System.nanoTime() - started) / 1e9));
        return summary;
    }
}
