package soundstage.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Writes a dataset shaped like the public Udacity Sparkify data: {@code song_data} (one JSON song
 * per file, or JSON lines) and {@code log_data} (one JSON-lines file of listening events per day),
 * with the quirks real data has.
 *
 * <p>Contracts:
 *
 * <ul>
 *   <li><b>Deterministic.</b> The same options write the same bytes, on any machine, in any time
 *       zone: every choice comes from {@link SparkifyOptions#seed()} through {@link
 *       SplittableRandom} streams, dates are UTC, numbers are formatted without locale, and no
 *       hash-ordered collection is ever iterated.
 *   <li><b>Streaming.</b> Events go straight to disk; memory holds the catalogue, the off-catalogue
 *       pool, the users and the sessions in progress, none of which grows with the number of
 *       events.
 *   <li><b>Consistent.</b> About 60% of plays name a catalogue song with its exact title, artist
 *       name and duration (up to mojibake, which repairs); levels change only through Submit
 *       Upgrade and Submit Downgrade; timestamps rise within a session and, in each day file,
 *       from line to line.
 *   <li><b>Dirty on purpose.</b> 2% of files use CRLF line endings; 1% of songs have
 *       double-decoded UTF-8 names, in the song file, the events or both; the {@code
 *       duplicateFileRate} and {@code badLineRate} options add duplicate files and damaged lines.
 *       Each rate is a documented constant of the class that applies it.
 * </ul>
 *
 * <p>Existing files of the same names are overwritten; other files in the output directory are
 * left alone.
 */
public final class SparkifyGenerator {

    private final SparkifyOptions options;

    public SparkifyGenerator(SparkifyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Same as {@link #generate(Path, LongConsumer)} without progress reports. */
    public GenerateSummary generate(Path outDir) throws IOException {
        return generate(outDir, written -> {});
    }

    /**
     * Writes {@code outDir/song_data} and {@code outDir/log_data}, creating the directories.
     *
     * @param eventsWritten receives the running number of events written, every 50,000 events and
     *     once at the end; called on the calling thread
     * @return what was written
     */
    public GenerateSummary generate(Path outDir, LongConsumer eventsWritten) throws IOException {
        Objects.requireNonNull(eventsWritten, "eventsWritten");
        Path songDir = outDir.resolve("song_data");
        Path logDir = outDir.resolve("log_data");
        Files.createDirectories(songDir);
        Files.createDirectories(logDir);

        // One independent stream per concern, split in a fixed order: changing, say, the bad line
        // rate then changes only the damaged lines, not the songs, users or sessions.
        SplittableRandom seed = new SplittableRandom(options.seed());
        SplittableRandom catalogueRandom = seed.split();
        SplittableRandom trackIdRandom = seed.split();
        SplittableRandom songFileQuirks = seed.split();
        SplittableRandom offCatalogueRandom = seed.split();
        SplittableRandom userRandom = seed.split();
        SplittableRandom sessionRandom = seed.split();
        SplittableRandom eventFileQuirks = seed.split();
        SplittableRandom damageRandom = seed.split();

        MusicNames names = new MusicNames();
        MsdIds ids = new MsdIds();
        SongCatalog catalogue =
                SongCatalog.generate(options.songs(), catalogueRandom, names, new ArtistPlaces(), ids);
        WriteTally songFiles =
                new SongFiles(songDir, options.songsPerFile(), options.duplicateFileRate(), songFileQuirks)
                        .write(catalogue, ids, trackIdRandom);

        OffCatalogSongs offCatalogue = OffCatalogSongs.generate(catalogue, offCatalogueRandom, names);
        UserPool users =
                UserPool.generate(UserPool.sizeFor(options.events()), options.startDate(), userRandom);
        SessionScheduler sessions =
                new SessionScheduler(
                        users, new PageMix(), new Jukebox(catalogue, offCatalogue), sessionRandom);
        WriteTally eventFiles =
                new EventLog(logDir, options, eventFileQuirks, damageRandom).write(sessions, eventsWritten);

        return new GenerateSummary(
                songFiles.files(),
                eventFiles.files(),
                songFiles.duplicates() + eventFiles.duplicates(),
                catalogue.size(),
                options.events(),
                eventFiles.badLines(),
                songFiles.bytes() + eventFiles.bytes());
    }
}
