package soundstage.orchestrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import soundstage.core.FileKind;
import soundstage.core.StatusChange;
import soundstage.core.Transaction;

/**
 * What the ingest tasks saw in their sources' folders ({@code meta.seen_files}): path, size,
 * modification time and status change time of each file offered to ingest. A file whose stamp is
 * unchanged since is left out of the next ingest, so a scheduled run does not read (and hash) the
 * whole history again to find it all registered. This only saves reading: exactly-once stays with
 * the content registry ({@code meta.files}), so a file left out here was loaded or registered
 * before, and one recorded here but lost (a crash between the ingest's commit and this record) is
 * simply read again and found a duplicate.
 */
final class SeenFiles {
    /**
     * A file's identity for this purpose: where it is, how big, when last written, and when its
     * status last changed ({@code ctime}: every write sets it, and unlike the modification time no
     * user can set it back, as {@code cp -p}, {@code rsync -t} and {@code touch -r} do; 0 where
     * the file system has none).
     */
    record Stamp(Path path, long size, long modifiedMicros, long changedMicros) {
    }

    private final Connection connection;
    private final FileKind kind;

    SeenFiles(Connection connection, FileKind kind) {
        this.connection = connection;
        this.kind = kind;
    }

    /**
     * The stamps of {@code files}; a file that cannot be read is kept (ingest reports it). A folder
     * (an extracted Spotify export, offered whole so that its Userdata.json names the listener) is
     * stamped by everything in it: the bytes of its files, and the latest modification of any file
     * or folder in it (a file added, removed or renamed changes its folder's).
     */
    static List<Stamp> stamp(List<Path> files) {
        List<Stamp> stamps = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.add(attributes.isDirectory() ? folderStamp(file)
                        : new Stamp(file.toAbsolutePath(), attributes.size(), micros(attributes), changedMicros(file)));
            } catch (IOException | UncheckedIOException e) {
                stamps.add(new Stamp(file.toAbsolutePath(), -1, 0, 0));
            }
        }
        return stamps;
    }

    private static Stamp folderStamp(Path folder) throws IOException {
        long bytes = 0;
        long latest = 0;
        long changed = 0;
        // Through links, as the ingest reads them (a loop fails the stamp: the folder is offered to the ingest, which refuses it).
        try (Stream<Path> all = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                bytes += attributes.isRegularFile() ? attributes.size() : 0;
                latest = Math.max(latest, micros(attributes));
                changed = Math.max(changed, changedMicros(path));
            }
        }
        return new Stamp(folder.toAbsolutePath(), bytes, latest, changed);
    }

    private static long micros(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
    }

    /** {@code path}'s status change time, or 0 where the file system has none. */
    private static long changedMicros(Path path) throws IOException {
        return StatusChange.of(path).map(time -> time.to(TimeUnit.MICROSECONDS)).orElse(0L);
    }

    /** The files and folders among {@code stamps} not seen before as they are now (one that could not be stamped is always new). */
    List<Stamp> unseen(List<Stamp> stamps) throws SQLException {
        Map<String, long[]> seen = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT path, size, modified_us, changed_us FROM meta.seen_files WHERE kind = ?")) {
            query.setString(1, kind.cliName());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long changed = rows.getLong(4);
                    seen.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3), rows.wasNull() ? -1 : changed});
                }
            }
        }
        return stamps.stream().filter(stamp -> {
            long[] before = seen.get(stamp.path().toString());
            return stamp.size() < 0 || before == null || before[0] != stamp.size() || before[1] != stamp.modifiedMicros() || before[2] != stamp.changedMicros();
        }).toList();
    }

    /** The database's clock now, as text; pass it to {@link #readable} after the ingest. */
    String now() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT CAST(CAST(now() AS TIMESTAMP) AS VARCHAR)");
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * {@code stamps} without the files that could not be read when the ingest since {@code since}
     * (from {@link #now}) loaded them, nor the folders and zips holding one: those are
     * quarantined, not registered, and recorded here they would be left out of every later run,
     * though the quarantine says to fix the file and ingest it again (a file made readable with
     * chmod keeps its size and modification time).
     */
    List<Stamp> readable(List<Stamp> stamps, String since) throws SQLException {
        List<String> unreadable = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT path FROM meta.quarantine WHERE file_id IS NULL AND line_no = 0 AND reason LIKE 'cannot read the file%' "
                        + "AND quarantined_at >= CAST(? AS TIMESTAMP)")) {
            query.setString(1, since);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    unreadable.add(rows.getString(1));
                }
            }
        }
        if (unreadable.isEmpty()) {
            return stamps;
        }
        return stamps.stream().filter(stamp -> {
            String path = stamp.path().toString();
            return unreadable.stream().noneMatch(bad -> bad.equals(path) || bad.startsWith(path + "/") || bad.startsWith(path + "!/"));
        }).toList();
    }

    /**
     * Records {@code stamps} as seen, replacing what was recorded for their paths: two statements
     * whatever the number of files, each with the paths as one array. (A statement per file, as a
     * JDBC batch, took DuckDB 8 s for a folder of 20,000 song files and then ran out of its 1 GB.)
     */
    void record(List<Stamp> stamps) throws SQLException {
        List<Stamp> known = stamps.stream().filter(stamp -> stamp.size() >= 0).toList();
        if (known.isEmpty()) {
            return;
        }
        Array paths = connection.createArrayOf("VARCHAR", known.stream().map(stamp -> stamp.path().toString()).toArray());
        Array sizes = connection.createArrayOf("BIGINT", known.stream().map(Stamp::size).toArray());
        Array modified = connection.createArrayOf("BIGINT", known.stream().map(Stamp::modifiedMicros).toArray());
        Array changed = connection.createArrayOf("BIGINT", known.stream().map(Stamp::changedMicros).toArray());
        Transaction.run(connection, () -> {
            try (PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM meta.seen_files WHERE kind = ? AND path IN (SELECT unnest(CAST(? AS VARCHAR[])))");
                 PreparedStatement insert = connection.prepareStatement(
                         // Both dialects zip set-returning functions of equal length in a select list.
                         "INSERT INTO meta.seen_files (kind, path, size, modified_us, seen_at, changed_us) SELECT ?, unnest(CAST(? AS VARCHAR[])), "
                                 + "unnest(CAST(? AS BIGINT[])), unnest(CAST(? AS BIGINT[])), now(), unnest(CAST(? AS BIGINT[]))")) {
                delete.setString(1, kind.cliName());
                delete.setArray(2, paths);
                delete.executeUpdate();
                insert.setString(1, kind.cliName());
                insert.setArray(2, paths);
                insert.setArray(3, sizes);
                insert.setArray(4, modified);
                insert.setArray(5, changed);
                insert.executeUpdate();
            }
            return null;
        });
    }
}
