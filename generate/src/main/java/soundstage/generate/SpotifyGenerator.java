package soundstage.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Writes Spotify personal-data exports, as listeners download them: for each listener, a folder
 * named after their username holding several account data exports ({@code
 * my_spotify_data_2023-03-01.zip}: {@code MyData/Userdata.json} and the streaming history of the
 * last 12 months) and one extended streaming history export ({@code
 * my_spotify_data_extended_2023-02-14.zip}), all derived from one lifetime of plays.
 *
 * <p>Contracts:
 *
 * <ul>
 *   <li><b>Deterministic.</b> The same options write the same bytes: every choice comes from
 *       {@link SpotifyOptions#seed()} through {@link SplittableRandom} streams, times are UTC,
 *       zip entries carry fixed times, and no hash-ordered collection is ever iterated. (Zip bytes
 *       also depend on the zlib the JDK uses; the files inside do not.) A listener's exports do
 *       not depend on how many listeners come after.
 *   <li><b>Streaming.</b> Plays are generated day by day as each file is written (see {@link
 *       ListeningHistory}); memory holds the catalogue, one listener's habits and at most one
 *       extended history file's plays, whatever the number of plays.
 *   <li><b>Consistent.</b> Every extended history record is a play of the listener's history; an
 *       account data row is the collapse of the plays of one item ending in one minute, so its
 *       {@code endTime} is their {@code ts} cut to the minute and its {@code msPlayed} the sum of
 *       their {@code ms_played}.
 *   <li><b>Varied.</b> Listener {@code i} gets extended format {@code i mod 3} of {@link
 *       ExtendedFormat}, an id-like username when {@code i} is even and a readable one when odd;
 *       account data exports requested before {@link AccountDataExport#SPLIT_BY_KIND_SINCE} use
 *       the older file names. The {@code duplicateExportRate} option adds byte-identical copies.
 * </ul>
 *
 * <p>Existing files of the same names are overwritten; other files in the output directory are
 * left alone.
 */
public final class SpotifyGenerator {

    /** Skew of a listener's favourite artists. */
    private static final double ARTIST_TASTE_EXPONENT = 1.0;

    private final SpotifyOptions options;

    public SpotifyGenerator(SpotifyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Same as {@link #generate(Path, LongConsumer)} without progress reports. */
    public SpotifySummary generate(Path outDir) throws IOException {
        return generate(outDir, done -> {});
    }

    /**
     * Writes {@code outDir/<username>/...} for every listener, creating the directories.
     *
     * @param playsDone receives a running count of plays, counting each listener's plays as their
     *     exports get written, after every export; called on the calling thread
     * @return what was written
     */
    public SpotifySummary generate(Path outDir, LongConsumer playsDone) throws IOException {
        Objects.requireNonNull(playsDone, "playsDone");
        Files.createDirectories(outDir);
        SplittableRandom seed = new SplittableRandom(options.seed());
        SplittableRandom catalogueRandom = seed.split();
        SplittableRandom listenersRandom = seed.split();

        MusicNames names = new MusicNames();
        SpotifyCatalogue catalogue = SpotifyCatalogue.generate(catalogueRandom, names, new SpotifyIds());
        ZipfSampler artistTaste = new ZipfSampler(catalogue.artists(), ARTIST_TASTE_EXPONENT);
        List<SpotifyDevice> devices = SpotifyDevice.load();
        List<SpotifyCountry> countries = SpotifyCountry.load();
        Set<String> usernames = new HashSet<>(); // looked up only

        Tally tally = new Tally();
        for (int i = 0; i < options.listeners(); i++) {
            // Each listener draws from their own stream, so adding listeners changes no earlier one.
            SplittableRandom random = listenersRandom.split();
            SpotifyListener listener = SpotifyListener.generate(i, random, names, countries, usernames);
            ExportSchedule schedule = ExportSchedule.draw(listener.format(), ListeningHistory.spanDays(options.plays()), random);
            long lastDay = schedule.lastListeningDay().toEpochDay();
            long phoneSwitchDay = lastDay - 90 - random.nextInt(900);
            ListeningHabits habits =
                    ListeningHabits.generate(listener, phoneSwitchDay, catalogue, devices, countries, random);
            ListeningHistory history =
                    new ListeningHistory(listener, habits, catalogue, artistTaste, options.plays());
            HistoryPlan plan = history.plan(lastDay, options.plays());
            LocalDate created = listener.creationDate(LocalDate.ofEpochDay(plan.firstDay()));
            SplittableRandom disorder = random.split();
            SplittableRandom duplicates = random.split();
            JsonLiteralCache literals = SpotifyJson.newLiteralCache();

            Path folder = outDir.resolve(listener.username());
            int exports = schedule.accountData().size() + 1;
            int written = 0;
            for (LocalDate requested : schedule.accountData()) {
                writeExport(folder, "my_spotify_data_" + requested, requested, duplicates, tally,
                        archive -> AccountDataExport.write(
                                archive, listener, created, history, plan, requested, literals));
                tally.accountDataExports++;
                playsDone.accept(i * options.plays() + options.plays() * ++written / exports);
            }
            LocalDate extended = schedule.extended();
            writeExport(folder, "my_spotify_data_extended_" + extended, extended, duplicates, tally,
                    archive -> ExtendedHistoryExport.write(
                            archive, listener, history, plan, extended, literals, disorder));
            tally.extendedExports++;
            playsDone.accept((i + 1) * options.plays());
        }
        return new SpotifySummary(
                options.listeners(),
                options.listeners() * options.plays(),
                tally.extendedExports,
                tally.accountDataExports,
                tally.jsonFiles,
                tally.duplicateExports,
                tally.bytes);
    }

    /** Writes the contents of one export. */
    @FunctionalInterface
    private interface ExportContents {
        void write(ExportArchive archive) throws IOException;
    }

    /**
     * Writes export {@code name} (a zip, or a folder when extracted) and, as drawn from {@code
     * duplicates}, a copy of it named as a browser names a second download: {@code "name (1)"}.
     */
    private void writeExport(
            Path folder,
            String name,
            LocalDate requested,
            SplittableRandom duplicates,
            Tally tally,
            ExportContents contents)
            throws IOException {
        String suffix = options.extracted() ? "" : ".zip";
        Path target = folder.resolve(name + suffix);
        Files.createDirectories(folder);
        // Entries carry the time the download was ready, a couple of days after the request.
        ExportArchive archive = options.extracted()
                ? ExportArchive.folder(target)
                : ExportArchive.zip(target, requested.plusDays(2).atTime(14, 7, 32));
        try (archive) {
            contents.write(archive);
        }
        tally.jsonFiles += archive.files();
        long size = size(target);
        tally.bytes += size;
        if (duplicates.nextDouble() < options.duplicateExportRate()) {
            copy(target, folder.resolve(name + " (1)" + suffix));
            tally.duplicateExports++;
            tally.bytes += size;
        }
    }

    private static long size(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return Files.size(path);
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Copies a file, or a folder with everything in it. */
    private static void copy(Path source, Path target) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static final class Tally {
        int extendedExports;
        int accountDataExports;
        int jsonFiles;
        int duplicateExports;
        long bytes;
    }
}
