package soundstage.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import soundstage.core.ErrorMessage;
import soundstage.core.FileKind;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.Transaction;

/**
 * What every dialect's loader shares: files go in batches of at most {@value #BATCH_BYTES} bytes
 * or {@value #BATCH_FILES} files; each batch is hashed first (in parallel: reading is the slow
 * part and the files are independent), then handed to the dialect, which loads it in one
 * transaction. File ids are given in file order, so the same inputs get the same ids everywhere.
 * The registry queries here are plain SQL that every dialect runs.
 */
public final class FileBatches {
    /** A batch ends after this many bytes or files, whichever comes first. */
    public static final long BATCH_BYTES = 128L << 20;
    public static final int BATCH_FILES = 5_000;

    private static final ThreadLocal<LineReader> READERS = ThreadLocal.withInitial(LineReader::new);

    private FileBatches() {
    }

    /**
     * A file and its hash, or why it could not be read; neither when it was not hashed first (see
     * {@link #run(Connection, FileKind, List, Progress, LongPredicate, BatchLoader)}). {@code stamp}
     * is how the file was just before it was hashed (null when it was not hashed, or not stamped:
     * see {@link #runInLanes}).
     */
    public record Scanned(Path path, FileScan scan, IOException error, FileStamp stamp) {
        /** Whether the file was left for the loader to hash while it reads it. */
        public boolean unhashed() {
            return scan == null && error == null;
        }

        /**
         * Whether the file is no longer the one that was hashed (written, truncated or replaced
         * since, or gone): a loader asks once it has read the file, and loads none of a file that
         * changed, since its rows would be another content than the hash it is registered by (and
         * that content, offered again, would be taken for a duplicate and never loaded).
         */
        public boolean changedSinceHashed() {
            return stamp != null && !stamp.equals(FileStamp.of(path));
        }
    }

    /** What is quarantined of a file that {@link Scanned#changedSinceHashed changed} while it was ingested. */
    public static final String CHANGED_WHILE_INGESTED = "the file changed while it was being ingested (written, truncated or replaced between "
            + "its hashing and its loading), so none of it is loaded; ingest it again once it is complete";

    /** Loads one hashed batch whose new files get ids from {@code firstFileId}; runs inside the batch's transaction. */
    @FunctionalInterface
    public interface BatchLoader {
        IngestSummary load(List<Scanned> batch, int firstFileId) throws SQLException;
    }

    /**
     * Splits {@code files} into batches, hashes each and has {@code loader} load it in its own
     * transaction on {@code connection}, reporting bytes done to {@code progress}.
     */
    public static IngestSummary run(Connection connection, FileKind kind, List<Path> files, Progress progress, BatchLoader loader) throws SQLException {
        return run(connection, kind, files, progress, size -> true, loader);
    }

    /**
     * As {@link #run(Connection, FileKind, List, Progress, BatchLoader)}, but a file is hashed
     * before loading only when it may be a duplicate: when {@code mayRepeat} says its size is
     * that of content already registered, when another file of the batch has its size, or when
     * it is empty or unreadable. Other files cannot repeat any content, so the loader hashes them
     * as it reads them, and they are read once instead of twice.
     */
    public static IngestSummary run(Connection connection, FileKind kind, List<Path> files, Progress progress, LongPredicate mayRepeat,
                                    BatchLoader loader) throws SQLException {
        int nextFileId = nextFileId(connection);
        IngestSummary total = IngestSummary.empty(kind);
        long[] sizes = files.stream().mapToLong(FileBatches::sizeOrZero).toArray();   // one stat per file
        long totalBytes = Arrays.stream(sizes).sum();
        long doneBytes = 0;
        for (int[] range : split(sizes)) {
            List<Scanned> scanned = scan(files.subList(range[0], range[1]), Arrays.copyOfRange(sizes, range[0], range[1]), mayRepeat, size -> false);
            int firstFileId = nextFileId;
            nextFileId += scanned.size();
            total = total.plus(Transaction.run(connection, () -> loader.load(scanned, firstFileId)));
            doneBytes += Arrays.stream(sizes, range[0], range[1]).sum();
            progress.update(doneBytes, totalBytes);
        }
        return total;
    }

    /** What {@link #runInLanes} loads a batch from: made on one thread, in batch order. */
    @FunctionalInterface
    public interface BatchPlanner<P> {
        P plan(List<Scanned> batch, int firstFileId) throws SQLException;
    }

    /** Loads a planned batch on {@code lane}, inside the batch's transaction there. */
    @FunctionalInterface
    public interface LaneLoader<P> {
        IngestSummary load(Connection lane, P plan) throws SQLException;
    }

    /**
     * As {@link #run(Connection, FileKind, List, Progress, BatchLoader)} (every file hashed first),
     * but up to one batch per lane loads at the same time, each on its lane's connection and in
     * its own transaction, for databases whose load of a batch keeps only one core busy. Batches
     * are planned (file ids, duplicates) in order on this thread, and commit in order: a batch
     * that finished loading waits for the one before it to commit, and rolls back when that one
     * failed. So what is committed is always the first batches, as with one batch at a time, and
     * a crash or an error leaves no batch whose predecessor is missing. Files whose size is
     * {@code stamped} are stamped before they are hashed (see {@link Scanned#changedSinceHashed}):
     * those the loader does not read itself, so it cannot compare what it read with the hash.
     */
    public static <P> IngestSummary runInLanes(Connection connection, List<Connection> lanes, FileKind kind, List<Path> files, Progress progress,
                                               LongPredicate stamped, BatchPlanner<P> planner, LaneLoader<P> loader) throws SQLException {
        int nextFileId = nextFileId(connection);
        long[] sizes = files.stream().mapToLong(FileBatches::sizeOrZero).toArray();
        long totalBytes = Arrays.stream(sizes).sum();
        BlockingQueue<Connection> free = new ArrayBlockingQueue<>(lanes.size(), false, lanes);
        ExecutorService workers = Executors.newFixedThreadPool(lanes.size(), runnable -> {
            Thread thread = new Thread(runnable, "soundstage-ingest-lane");
            thread.setDaemon(true);
            return thread;
        });
        Deque<Future<IngestSummary>> loading = new ArrayDeque<>();
        Deque<Long> loadingBytes = new ArrayDeque<>();
        IngestSummary total = IngestSummary.empty(kind);
        long doneBytes = 0;
        CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
        try {
            for (int[] range : split(sizes)) {
                if (loading.size() == lanes.size()) {
                    total = total.plus(await(loading.removeFirst()));
                    doneBytes += loadingBytes.removeFirst();
                    progress.update(doneBytes, totalBytes);
                }
                List<Scanned> scanned = scan(files.subList(range[0], range[1]), Arrays.copyOfRange(sizes, range[0], range[1]), size -> true, stamped);
                P plan = planner.plan(scanned, nextFileId);
                nextFileId += scanned.size();
                CompletableFuture<Void> before = previous;
                CompletableFuture<Void> committed = new CompletableFuture<>();
                previous = committed;
                loading.addLast(workers.submit(() -> loadInOrder(free, plan, loader, before, committed)));
                loadingBytes.addLast(Arrays.stream(sizes, range[0], range[1]).sum());
            }
            while (!loading.isEmpty()) {
                total = total.plus(await(loading.removeFirst()));
                doneBytes += loadingBytes.removeFirst();
                progress.update(doneBytes, totalBytes);
            }
            return total;
        } finally {
            workers.shutdown();   // batches already loading finish (and commit in order)
            boolean interrupted = false;
            while (true) {
                try {
                    if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <P> IngestSummary loadInOrder(BlockingQueue<Connection> free, P plan, LaneLoader<P> loader,
                                                 CompletableFuture<Void> before, CompletableFuture<Void> committed) throws SQLException {
        Connection lane = free.remove();
        try {
            lane.setAutoCommit(false);
            IngestSummary summary;
            try {
                summary = loader.load(lane, plan);
                before.join();   // the batch before commits first; throws when it failed
                lane.commit();
            } catch (SQLException | RuntimeException e) {
                Transaction.abandon(lane, e);
                committed.completeExceptionally(e);
                throw e;
            }
            lane.setAutoCommit(true);
            committed.complete(null);
            return summary;
        } finally {
            free.add(lane);
        }
    }

    /** The result of a lane's batch; the first batch that failed reports its own error. */
    private static IngestSummary await(Future<IngestSummary> batch) throws SQLException {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("ingest interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SQLException(cause);
        }
    }

    /** [first, end) of each batch: at most {@value #BATCH_BYTES} bytes or {@value #BATCH_FILES} files. */
    private static List<int[]> split(long[] sizes) {
        List<int[]> batches = new ArrayList<>();
        int index = 0;
        while (index < sizes.length) {
            int first = index;
            long bytes = 0;
            while (index < sizes.length && bytes < BATCH_BYTES && index - first < BATCH_FILES) {
                bytes += sizes[index++];
            }
            batches.add(new int[] {first, index});
        }
        return batches;
    }

    /** Hashes the files that {@code mayRepeat} by their sizes; stamps those of them whose size is {@code stamped} first. */
    private static List<Scanned> scan(List<Path> files, long[] sizes, LongPredicate mayRepeat, LongPredicate stamped) {
        Map<Long, Integer> sameSize = new HashMap<>();
        for (long size : sizes) {
            sameSize.merge(size, 1, Integer::sum);
        }
        return java.util.stream.IntStream.range(0, files.size()).parallel().mapToObj(i -> {
            Path file = files.get(i);
            if (sizes[i] > 0 && sameSize.get(sizes[i]) == 1 && !mayRepeat.test(sizes[i])) {
                return new Scanned(file, null, null, null);
            }
            FileStamp before = stamped.test(sizes[i]) ? FileStamp.of(file) : null;
            try {
                return new Scanned(file, READERS.get().hash(file), null, before);
            } catch (IOException e) {
                return new Scanned(file, null, e, null);
            }
        }).toList();
    }

    /** This thread's line reader, for splitting files after they were hashed. */
    public static LineReader reader() {
        return READERS.get();
    }

    /**
     * Content already offered as this kind: sha256 to the file id that holds it. Grows with files,
     * not rows. Per kind, so a file first offered as the wrong kind (and rejected) still loads
     * when offered as the right one.
     */
    public static Map<String, Integer> knownContent(Connection connection, FileKind kind) throws SQLException {
        Map<String, Integer> known = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT sha256, min(file_id) FROM meta.files WHERE status <> 'duplicate' AND kind = ? GROUP BY sha256")) {
            statement.setString(1, kind.cliName());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    known.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getInt(2));
                }
            }
        }
        return known;
    }

    /** The sizes of the content registered as this kind: a file of another size repeats none of it. */
    public static java.util.Set<Long> knownSizes(Connection connection, FileKind kind) throws SQLException {
        java.util.Set<Long> sizes = new java.util.HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT size FROM meta.files WHERE kind = ? AND status <> 'duplicate'")) {
            statement.setString(1, kind.cliName());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    sizes.add(rows.getLong(1));
                }
            }
        }
        return sizes;
    }

    /** Quarantines a file that could not be read at all, as line 0. */
    public static void quarantineUnreadable(Connection connection, Path file, IOException e) throws SQLException {
        quarantineFile(connection, file, unreadableReason(e));
    }

    /** Quarantines a file as a whole, as line 0 and with no file id: it is not registered, so offering it again loads it. */
    public static void quarantineFile(Connection connection, Path file, String reason) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO meta.quarantine VALUES (NULL, ?, 0, ?, NULL, CURRENT_TIMESTAMP)")) {
            insert.setString(1, file.toString());
            insert.setString(2, reason);
            insert.executeUpdate();
        }
    }

    /**
     * Takes out of the registry the duplicates of a file that was never registered, and
     * quarantines them as unreadable, so that offering them again loads them; returns
     * {@code summary}, the ingest's, with those it registered (ids from {@code firstFileId})
     * counted as rejected instead of duplicates. Such a duplicate is a copy of
     * a file that vanished between its hashing and its loading, after the plan had already
     * counted its content as known: later in that batch, or in a batch planned while it loaded.
     * Idempotent; a loader runs it after every ingest, so one left by a crash goes the next time.
     */
    public static IngestSummary releaseOrphanDuplicates(Connection connection, int firstFileId, IngestSummary summary) throws SQLException {
        int released = releaseOrphanDuplicates(connection, firstFileId);
        return new IngestSummary(summary.kind(), summary.files(), summary.loaded(), summary.rejected() + released, summary.duplicates() - released,
                summary.rows(), summary.quarantined() + released, summary.bytes());
    }

    private static int releaseOrphanDuplicates(Connection connection, int firstFileId) throws SQLException {
        String orphans = "FROM meta.files d WHERE d.status = 'duplicate' AND NOT EXISTS (SELECT 1 FROM meta.files f WHERE f.file_id = d.duplicate_of)";
        return Transaction.run(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                int ours;
                try (ResultSet count = statement.executeQuery("SELECT count(*) FILTER (WHERE d.file_id >= " + firstFileId + ") " + orphans)) {
                    count.next();
                    ours = count.getInt(1);
                }
                statement.executeUpdate("INSERT INTO meta.quarantine SELECT NULL, d.path, 0, "
                        + "'cannot read the file it repeats (its content was first offered in a file that could not be read, or had changed, when it was loaded);"
                        + " ingest it again', NULL, now() " + orphans);
                statement.executeUpdate("DELETE FROM meta.files WHERE file_id IN (SELECT d.file_id " + orphans + ")");
                return ours;
            }
        });
    }

    /**
     * What is quarantined of a file that was hashed and could not be read a moment later, when
     * it was loaded (moved, deleted or made unreadable in between); {@code cause}, what reading
     * it said, if known.
     */
    public static NoSuchFileException goneSinceHashed(Path file, IOException cause) {
        String path = file.toString();
        String said = cause == null ? "" : " (" + why(cause) + ")";
        return new NoSuchFileException(path, null, "hashed a moment before, it could not be read when it was loaded" + said);
    }

    /** The quarantine reason of a file that could not be read: in words, without exception class names. */
    public static String unreadableReason(IOException e) {
        return "cannot read the file: " + why(e) + "; check that it exists and is readable, then ingest it again";
    }

    /** What went wrong reading a file, in words: "permission denied", "no such file", "is a directory"... */
    private static String why(IOException e) {
        return ErrorMessage.ofFile(e);
    }

    /**
     * The summary of the batch whose files are in the temporary table {@code batch_files}, from
     * what the registry now says of them.
     */
    public static IngestSummary totals(Connection connection, FileKind kind, int files, int unreadable, long bytes) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet totals = statement.executeQuery("""
                     SELECT count(*) FILTER (WHERE f.status = 'loaded'),
                            count(*) FILTER (WHERE f.status IN ('empty', 'rejected')),
                            count(*) FILTER (WHERE f.status = 'duplicate'),
                            coalesce(sum(f.rows), 0), coalesce(sum(f.quarantined), 0)
                     FROM meta.files f JOIN batch_files b ON b.file_id = f.file_id""")) {
            totals.next();
            return new IngestSummary(kind, files + unreadable, totals.getInt(1), totals.getInt(2) + unreadable,
                    totals.getInt(3), totals.getLong(4), totals.getLong(5) + unreadable, bytes);
        }
    }

    /** The id the next registered file gets. */
    public static int nextFileId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(file_id), 0) + 1 FROM meta.files")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
