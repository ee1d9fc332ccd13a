package soundstage.warehouse.duckdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import soundstage.core.UserException;

/**
 * The readers' snapshot of a DuckDB warehouse: a copy of the whole file, {@code <warehouse>.snapshot}
 * beside it, that readers open while a writer keeps the warehouse itself locked (DuckDB lets no
 * other process open a file that one process writes, not even to read).
 *
 * <p>A writer publishes it when it closes, after DuckDB has checkpointed and closed the file and
 * before the writer lock is released, so the copy is of a closed file no one writes: it is written
 * as a hidden temporary file beside it, flushed to disk and renamed over the old snapshot in one
 * atomic step. A reader that has the old snapshot open keeps reading it; a killed publisher leaves
 * a temporary file, which the next one deletes. By default ({@link Policy#AUTO}) writers only keep
 * an existing snapshot up to date, and the first is made by a long-running reader
 * ({@link DuckDbReadPool}): a copy costs 0.2 s for the 150 MB of a warehouse with 1M events but
 * 1.3 s for 10M events, most of what a small incremental run costs otherwise.
 */
final class DuckDbSnapshot {
    private DuckDbSnapshot() {
    }

    /** When writers publish the snapshot: {@code -Dsoundstage.duckdb.snapshot=auto|always|never}. */
    enum Policy {
        /** Keep a snapshot up to date once there is one: {@code serve} makes the first. The default. */
        AUTO,
        /** After every writing command, whether or not anyone reads it. */
        ALWAYS,
        /** Never (also {@code false}); readers then cannot read while a writer has the file. */
        NEVER
    }

    /**
     * The policy from {@code -Dsoundstage.duckdb.snapshot}. The copy costs what the file's size
     * costs (about 1.3 s for the 1.8 GB of 10M events) on every writing command, so by default
     * only a warehouse that someone reads while it is written (a {@code serve}) pays it.
     *
     * @throws UserException for a value that is none of auto, always, never, true, false
     */
    static Policy policy() {
        String value = System.getProperty("soundstage.duckdb.snapshot", "auto").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto" -> Policy.AUTO;
            case "always", "true" -> Policy.ALWAYS;
            case "never", "false" -> Policy.NEVER;
            default -> throw new UserException("-Dsoundstage.duckdb.snapshot=" + value + " is not a snapshot policy; use auto (the default), always or never.");
        };
    }

    /** Whether writers ever publish the snapshot (the policy is not never). */
    static boolean enabled() {
        return policy() != Policy.NEVER;
    }

    /** The snapshot of the warehouse {@code file}. */
    static Path pathOf(Path file) {
        return file.toAbsolutePath().normalize().resolveSibling(file.getFileName() + ".snapshot");
    }

    /**
     * The marker a reader leaves when it finds no snapshot of a warehouse that exists (one deleted
     * and built again under a running {@code serve}): the next writer publishes one when it closes,
     * as if the snapshot had been there, and removes the marker.
     */
    static Path wantedOf(Path file) {
        return file.toAbsolutePath().normalize().resolveSibling(file.getFileName() + ".snapshot-wanted");
    }

    /**
     * Copies the closed warehouse {@code file} to its snapshot, atomically. Returns false, and
     * changes nothing, when the file has a write-ahead log (DuckDB did not checkpoint it on close).
     */
    static boolean publish(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.exists(absolute.resolveSibling(absolute.getFileName() + ".wal"))) {
            return false;
        }
        Path snapshot = pathOf(file);
        deleteLeftovers(snapshot);
        Path temporary = snapshot.resolveSibling("." + snapshot.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.copy(absolute, temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(wantedOf(file));   // whoever published, a reader's request for one is met
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void deleteLeftovers(Path snapshot) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(snapshot.getParent(), "." + snapshot.getFileName() + ".tmp-*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** Which state the snapshot on {@code connection} holds: "after run 7 (run), finished 2026-05-01 02:03:44". */
    static String state(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet last = statement.executeQuery("SELECT run_id, command, strftime(coalesce(finished_at, started_at), '%Y-%m-%d %H:%M:%S') "
                     + "FROM meta.runs ORDER BY run_id DESC LIMIT 1")) {
            return last.next() ? "as of the end of run " + last.getInt(1) + " (" + last.getString(2) + ", " + last.getString(3) + ")" : "as it was before its first command";
        }
    }
}
