package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.ingest.FileBatches;
import soundstage.warehouse.duckdb.DuckDbWarehouse;

/** What a configured source's ingest task remembers of the files it has seen. */
class TestSeenFiles {
    @TempDir
    Path dir;
    private DuckDbWarehouse warehouse;

    @BeforeEach
    void open() {
        warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"));
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    private static List<SeenFiles.Stamp> stamps(int count, long size) {
        return IntStream.range(0, count)
                .mapToObj(i -> new SeenFiles.Stamp(Path.of("/data/song_data/A/B/TR" + i + ".json"), size, 1_000_000L * i, 1_000_000L * i))
                .toList();
    }

    @Test
    void aFolderOfTwentyThousandSongFilesIsRecordedAndThenSeen() throws Exception {
        // Found by bench/sparkify.sh: recorded a statement per file, 20,000 song files took 8 s and
        // then ran DuckDB out of memory, failing the task after the files had loaded.
        SeenFiles seen = new SeenFiles(warehouse.connection(), FileKind.SPARKIFY_SONGS);
        List<SeenFiles.Stamp> stamps = stamps(20_000, 300);
        assertThat(seen.unseen(stamps)).hasSize(20_000);
        seen.record(stamps);
        assertThat(seen.unseen(stamps)).isEmpty();

        // Recorded again with other sizes: each path once, as it is now.
        List<SeenFiles.Stamp> grown = stamps(20_000, 301);
        assertThat(seen.unseen(grown)).hasSize(20_000);
        seen.record(grown.subList(0, 5));
        assertThat(seen.unseen(grown)).hasSize(19_995);
        assertThat(seen.unseen(stamps)).hasSize(5);
        assertThat(new SeenFiles(warehouse.connection(), FileKind.SPARKIFY_EVENTS).unseen(stamps)).as("another kind").hasSize(20_000);
    }

    /**
     * A file rewritten with its size and modification time kept (cp -p, rsync -t, touch -r) was
     * taken for unchanged, and its new content never loaded: its status change time tells.
     */
    @Test
    void aFileRewrittenWithItsSizeAndModificationTimeKeptIsUnseen() throws Exception {
        Path file = Files.writeString(dir.resolve("2018-11-01-events.json"), "{\"ts\":1}\n");
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
        SeenFiles seen = new SeenFiles(warehouse.connection(), FileKind.SPARKIFY_EVENTS);
        seen.record(SeenFiles.stamp(List.of(file)));
        assertThat(seen.unseen(SeenFiles.stamp(List.of(file)))).isEmpty();

        Thread.sleep(20);   // past the file system's clock tick
        Files.writeString(file, "{\"ts\":2}\n");
        Files.setLastModifiedTime(file, written);
        List<SeenFiles.Stamp> now = SeenFiles.stamp(List.of(file));
        assertThat(now.get(0).size()).isEqualTo(9);
        assertThat(now.get(0).modifiedMicros()).isEqualTo(written.to(java.util.concurrent.TimeUnit.MICROSECONDS));
        assertThat(seen.unseen(now)).extracting(SeenFiles.Stamp::path).containsExactly(file.toAbsolutePath());
    }

    /** A folder's stamp walked past a linked folder, so a file changed in it went unseen by every run (the ingest follows links). */
    @Test
    void aFileChangedInALinkedFolderIsUnseen() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/alice"));
        Path file = Files.writeString(real.resolve("StreamingHistory_music_0.json"), "[]");
        Path source = Files.createDirectories(dir.resolve("src"));
        Files.createSymbolicLink(source.resolve("alice"), real);
        SeenFiles seen = new SeenFiles(warehouse.connection(), FileKind.SPOTIFY_EXPORT);
        seen.record(SeenFiles.stamp(List.of(source)));
        assertThat(seen.unseen(SeenFiles.stamp(List.of(source)))).isEmpty();

        Files.writeString(file, "[{}]");
        assertThat(seen.unseen(SeenFiles.stamp(List.of(source)))).extracting(SeenFiles.Stamp::path).containsExactly(source.toAbsolutePath());
    }

    @Test
    void aFileThatCouldNotBeStampedIsNotRecorded() throws Exception {
        SeenFiles seen = new SeenFiles(warehouse.connection(), FileKind.SPARKIFY_SONGS);
        List<SeenFiles.Stamp> unreadable = List.of(new SeenFiles.Stamp(Path.of("/data/gone.json"), -1, 0, 0));
        seen.record(unreadable);
        assertThat(seen.unseen(unreadable)).hasSize(1);
    }

    @Test
    void filesTheIngestCouldNotReadAreNotRecordedSoTheNextRunOffersThemAgain() throws Exception {
        SeenFiles seen = new SeenFiles(warehouse.connection(), FileKind.SPOTIFY_EXPORT);
        Path old = Path.of("/data/old.json");
        Path bad = Path.of("/data/2018-11-02.json");
        Path good = Path.of("/data/2018-11-03.json");
        Path zip = Path.of("/data/alice.zip");
        Path folder = Path.of("/data/bob");
        Path refused = Path.of("/data/carol.json");
        FileBatches.quarantineUnreadable(warehouse.connection(), old, new IOException("before this ingest"));
        Thread.sleep(5);
        String started = seen.now();
        FileBatches.quarantineUnreadable(warehouse.connection(), bad, new AccessDeniedException(bad.toString()));
        FileBatches.quarantineUnreadable(warehouse.connection(), Path.of(zip + "!/MyData/StreamingHistory0.json"), new IOException("bad entry"));
        FileBatches.quarantineUnreadable(warehouse.connection(), folder.resolve("StreamingHistory0.json"), new IOException("bad file"));
        try (Statement statement = warehouse.connection().createStatement()) {
            statement.execute("INSERT INTO meta.quarantine VALUES (NULL, '" + refused + "', 0, 'not a Spotify export: fix it', NULL, now())");
        }
        List<SeenFiles.Stamp> stamps = Stream.of(old, bad, good, zip, folder, refused, Path.of("/data/alice.zip2"))
                .map(path -> new SeenFiles.Stamp(path, 10, 20, 20)).toList();

        seen.record(seen.readable(stamps, started));

        assertThat(seen.unseen(stamps)).extracting(SeenFiles.Stamp::path).containsExactly(bad, zip, folder);
    }
}
