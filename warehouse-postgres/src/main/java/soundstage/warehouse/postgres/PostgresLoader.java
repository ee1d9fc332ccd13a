package soundstage.warehouse.postgres;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.io.output.DeferredFileOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import soundstage.core.ErrorMessage;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.ProcessMark;
import soundstage.core.Progress;
import soundstage.core.UserException;
import soundstage.ingest.ChunkQueue;
import soundstage.ingest.FileBatches;
import soundstage.ingest.FileBatches.Scanned;
import soundstage.ingest.FileScan;

/**
 * Loads files into the source layer through {@code COPY}, in the batches of {@link FileBatches}.
 * Each new file is split into lines and each line is parsed and checked here ({@link JsonFields},
 * {@link LineRules}, one worker per core); good lines stream straight into the source table with
 * one {@code COPY} per batch, bad lines into memory and, past {@link #SPILL_THRESHOLD} bytes, a spill file in the
 * temporary folder, copied into {@code meta.quarantine} afterwards (one connection runs one COPY at a time), then
 * the batch's files are registered. All of it is the
 * batch's transaction: a crash never leaves half a file.
 *
 * <p>Not thread-safe; used by one ingest call.
 */
final class PostgresLoader {
    /** The start of a quarantine spill file's name in the temporary folder; the process's tag ({@link soundstage.core.ProcessMark#tag()}) follows. */
    static final String SPILL_PREFIX = "soundstage-quarantine-";
    /**
     * The bytes of a batch's quarantined lines held in memory before they go to a spill file: a
     * batch with fewer bad lines (nearly all) needs no writable temporary folder.
     */
    static final int SPILL_THRESHOLD = 4 << 20;

    private final Connection connection;
    private final FileKind kind;
    private final LineRules rules;
    private final Consumer<List<Scanned>> hashed;
    private final IngestOptions options;

    PostgresLoader(Connection connection, FileKind kind, IngestOptions options) {
        this(connection, kind, options, batch -> { });
    }

    /** As above; {@code hashed} sees each batch's files after they were hashed, before they load (tests). */
    PostgresLoader(Connection connection, FileKind kind, IngestOptions options, Consumer<List<Scanned>> hashed) {
        this.hashed = hashed;
        this.options = options;
        this.connection = connection;
        this.kind = kind;
        this.rules = LineRules.of(kind);
    }

    IngestSummary load(List<Path> files, Progress progress) throws SQLException {
        removeLeftoverSpills(Path.of(System.getProperty("java.io.tmpdir")));
        Map<String, Integer> known = FileBatches.knownContent(connection, kind);
        Set<Long> knownSizes = FileBatches.knownSizes(connection, kind);
        int firstFileId = FileBatches.nextFileId(connection);
        IngestSummary summary = FileBatches.run(connection, kind, files, progress, knownSizes::contains,
                (scanned, batchFirstFileId) -> loadBatch(scanned, batchFirstFileId, known, knownSizes));
        return FileBatches.releaseOrphanDuplicates(connection, firstFileId, summary);
    }

    /**
     * Deletes the quarantine spill files in {@code directory} of ingests whose process is gone
     * (killed before it could delete its own): they hold quarantined lines as read. A spill file's
     * name holds its process's tag ({@link ProcessMark#tag()}); files of a live process, of another
     * PID namespace (a container sharing this folder), or of older versions (no tag) are left.
     */
    static void removeLeftoverSpills(Path directory) {
        try (DirectoryStream<Path> spills = Files.newDirectoryStream(directory, SPILL_PREFIX + "*-*.copy")) {
            for (Path spill : spills) {
                String name = spill.getFileName().toString();
                if (ProcessMark.endedHere(name.substring(SPILL_PREFIX.length(), name.indexOf('-', SPILL_PREFIX.length())))) {
                    Files.deleteIfExists(spill);
                }
            }
        } catch (IOException | NumberFormatException | DirectoryIteratorException e) {
            // not ours to fail an ingest over: what is left stays until the next try
        }
    }

    /**
     * Loads one batch; runs in the batch's transaction. Adds the batch's content to {@code known}
     * and its sizes to {@code knownSizes}, which the next batches are planned with.
     */
    private IngestSummary loadBatch(List<Scanned> scanned, int firstFileId, Map<String, Integer> known, Set<Long> knownSizes) throws SQLException {
        hashed.accept(scanned);
        String now = scalar("SELECT CAST(CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS TEXT)");   // what now() gives in SQL
        List<Registered> registered = new ArrayList<>();
        int nextFileId = firstFileId;
        for (Scanned file : scanned) {
            if (file.unhashed()) {
                registered.add(new Registered(nextFileId++, file, null));   // hashed while it is read
            } else if (file.error() == null) {
                Integer duplicateOf = known.get(file.scan().sha256());
                int fileId = nextFileId++;
                if (duplicateOf == null) {
                    known.put(file.scan().sha256(), fileId);
                }
                registered.add(new Registered(fileId, file, duplicateOf));
            }
        }
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        DeferredFileOutputStream spill = DeferredFileOutputStream.builder().setThreshold(SPILL_THRESHOLD)
                .setDirectory(temporary).setPrefix(SPILL_PREFIX + ProcessMark.tag() + "-").setSuffix(".copy").get();
        try {
            try (CopyWriter quarantine = new CopyWriter(new BufferedOutputStream(spill))) {
                for (Scanned file : scanned) {
                    if (file.error() != null) {
                        quarantine(quarantine, null, file.path().toString(), 0, FileBatches.unreadableReason(file.error()), null, now);
                    }
                }
                land(registered, quarantine, now);
            } catch (IOException e) {
                if (!spill.isInMemory() && spill.getPath() == null) {   // the spill file could not be made
                    throw new UserException("Cannot set aside the quarantined lines of a batch (over " + (SPILL_THRESHOLD >> 20) + " MB) in the temporary folder '"
                            + temporary + "': " + ErrorMessage.ofFile(e) + ". Set TMPDIR to a writable folder (./soundstage passes it on as java.io.tmpdir).", e);
                }
                throw e;
            }
            try (InputStream rows = spill.toInputStream()) {
                copyManager().copyIn("COPY meta.quarantine FROM STDIN", rows);
            }
        } catch (IOException e) {
            throw CopyIn.failed("cannot load the batch", e);
        } finally {
            if (spill.getPath() != null) {
                try {
                    Files.deleteIfExists(spill.getPath());
                } catch (IOException e) {
                    // left behind: the next ingest on this machine deletes it (removeLeftoverSpills)
                }
            }
        }
        changedSinceHashed(registered);
        for (Registered file : registered) {
            if (file.notRegistered()) {
                for (FileScan scan : new FileScan[] {file.scan, file.scanned().scan()}) {   // as read, as hashed first
                    if (scan != null) {
                        known.remove(scan.sha256(), file.id());   // not registered: a copy in a later batch loads
                    }
                }
                continue;
            }
            knownSizes.add(file.scan.bytes());
            if (!file.unknownKeys.isEmpty()) {
                options.warnUnknownKeys(file.scanned().path().toString(), file.unknownKeys, kind.sourceTable());
            }
            if (file.scanned().unhashed()) {
                known.putIfAbsent(file.scan.sha256(), file.id());
            }
        }
        return register(registered, scanned.size() - registered.size(), now);
    }

    /**
     * Takes the rows and quarantined lines of each new file that changed since it was hashed (the
     * bytes a worker read and hashed are not those hashed first) out of the
     * batch's transaction, and quarantines the file instead: its rows are another content than
     * the hash the batch was planned by, under which a later copy of the hashed content would be
     * taken for its duplicate and never loaded. Not registered, so ingesting it again loads it.
     */
    private void changedSinceHashed(List<Registered> files) throws SQLException {
        for (Registered file : files) {
            if (file.duplicateOf() != null || file.gone != null || file.scanned().unhashed()) {
                continue;
            }
            if (file.scan.sha256().equals(file.scanned().scan().sha256())) {   // file.scan is from the read
                continue;
            }
            for (String table : List.of(kind.sourceTable(), "meta.quarantine")) {
                try (PreparedStatement drop = connection.prepareStatement("DELETE FROM " + table + " WHERE file_id = ?")) {
                    drop.setInt(1, file.id());
                    drop.executeUpdate();
                }
            }
            FileBatches.quarantineFile(connection, file.scanned().path(), FileBatches.CHANGED_WHILE_INGESTED);
            file.changed = true;
        }
    }

    /**
     * Streams the good lines of the new files into the source table, the bad ones to
     * {@code quarantine}. Parsing is the costly part, so files are parsed on one worker per core,
     * each handing whole-row chunks of COPY data through a small queue to this thread, which
     * alone talks to the server; memory stays at a few chunks whatever the input size.
     */
    private void land(List<Registered> files, CopyWriter quarantine, String now) throws SQLException, IOException {
        List<Registered> fresh = files.stream().filter(file -> file.duplicateOf() == null).toList();
        if (fresh.isEmpty()) {
            return;
        }
        int workers = Math.max(1, Math.min(fresh.size(), Runtime.getRuntime().availableProcessors()));
        BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(4 * workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "soundstage-parse");
            thread.setDaemon(true);
            return thread;
        });
        try (OutputStream source = new CopyIn(connection, "COPY " + kind.sourceTable() + " FROM STDIN")) {
            List<Future<?>> parsed = new ArrayList<>();
            for (Registered file : fresh) {
                parsed.add(pool.submit(() -> {
                    parse(file, new CopyWriter(new ChunkQueue(chunks)), quarantine, now);
                    return null;
                }));
            }
            int done = 0;
            while (done < parsed.size()) {
                byte[] chunk = chunks.poll(100, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    source.write(chunk);
                    continue;
                }
                done = 0;
                for (Future<?> future : parsed) {
                    if (future.isDone()) {
                        future.get();   // rethrows a worker's failure
                        done++;
                    }
                }
            }
            for (byte[] chunk = chunks.poll(); chunk != null; chunk = chunks.poll()) {
                source.write(chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while loading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new SQLException("a parsing worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Parses one file on a worker: good lines as source rows to {@code source}, bad lines to the quarantine. */
    private void parse(Registered file, CopyWriter source, CopyWriter quarantine, String now) throws IOException {
        JsonFields fields = new JsonFields(kind.keys());
        String path = file.scanned().path().toString();
        try {
            // Lines are parsed from their UTF-8 bytes; text is decoded only where it is kept.
            file.scan = FileBatches.reader().readBytes(file.scanned().path(), (lineNumber, bytes, from, to) -> {
                String reason = fields.read(bytes, from, to);
                if (reason == null) {
                    reason = rules.reason(fields);
                }
                try {
                    if (reason == null) {
                        source.field(file.id()).field(lineNumber);
                        rules.write(source, fields);
                        source.field(fields.unknownKeys() ? new String(bytes, from, to - from, StandardCharsets.UTF_8) : null).endRow();
                        if (fields.unknownKeys()) {
                            file.unknownKeys.addAll(fields.otherKeys());
                        }
                        file.good++;
                    } else {
                        quarantine(quarantine, file.id(), path, lineNumber, reason, new String(bytes, from, to - from, StandardCharsets.UTF_8), now);
                        file.bad++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, (lineNumber, text, problem) -> {
                try {
                    quarantine(quarantine, file.id(), path, lineNumber, problem, text, now);
                    file.bad++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IOException e) {
            if (file.good + file.bad > 0) {
                throw e;   // some of its lines are on their way to the server: the batch fails, nothing commits
            }
            // Moved, deleted or made unreadable since it was hashed, before any line of it was
            // handed on: quarantined and not registered, so offering it again loads it.
            file.gone = FileBatches.goneSinceHashed(file.scanned().path(), e);
            quarantine(quarantine, null, path, 0, FileBatches.unreadableReason(file.gone), null, now);
            source.close();
            return;
        }
        if (file.good + file.bad == 0) {
            quarantine(quarantine, file.id(), path, 0, "file is empty: it holds no JSON line", null, now);
        }
        source.close();   // hands on the last rows
    }

    /** Adds a quarantine row; workers share the quarantine. */
    private static void quarantine(CopyWriter quarantine, Integer fileId, String path, long lineNumber, String reason, String raw, String now) throws IOException {
        synchronized (quarantine) {
            quarantine.field(fileId == null ? null : fileId.toString()).field(path).field(lineNumber).field(reason).field(raw).field(now).endRow();
        }
    }

    /** Registers the batch's files in meta.files and returns what the batch did. */
    private IngestSummary register(List<Registered> files, int unreadable, String now) throws SQLException {
        int loaded = 0;
        int rejected = unreadable;
        int duplicates = 0;
        long rows = 0;
        long quarantined = unreadable;
        long bytes = 0;
        try (CopyWriter registry = new CopyWriter(new CopyIn(connection, "COPY meta.files FROM STDIN"))) {
            for (Registered file : files) {
                if (file.notRegistered()) {
                    rejected++;
                    quarantined++;
                    continue;
                }
                boolean empty = file.duplicateOf() == null && file.good + file.bad == 0;
                String status = file.duplicateOf() != null ? "duplicate" : empty ? "empty" : file.good == 0 ? "rejected" : "loaded";
                long bad = empty ? 1 : file.bad;
                Path path = file.scanned().path();
                registry.field(file.id()).field(kind.cliName()).field(path.toString()).field(path.getFileName().toString())
                        .field(file.scan.bytes()).field(file.scan.sha256()).field(status)
                        .field(file.duplicateOf() == null ? null : file.duplicateOf().toString())
                        .field(file.good).field(bad).field(now).field((String) null).endRow();
                switch (status) {
                    case "loaded" -> loaded++;
                    case "duplicate" -> duplicates++;
                    default -> rejected++;
                }
                rows += file.good;
                quarantined += bad;
                bytes += file.scan.bytes();
            }
        } catch (IOException e) {
            throw new SQLException("cannot register the batch's files: " + e.getMessage(), e);
        }
        return new IngestSummary(kind, files.size() + unreadable, loaded, rejected, duplicates, rows, quarantined, bytes);
    }

    private CopyManager copyManager() throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    private String scalar(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    /** A readable file of the batch with its id, whether it repeats earlier content, and its line counts. */
    private static final class Registered {
        private final int id;
        private final Scanned scanned;
        private final Integer duplicateOf;
        long good;   // written by the one worker that parses the file, read after it finished
        long bad;
        IOException gone;   // set when the file could not be opened to be read: not registered
        boolean changed;    // set when the file changed while it was ingested: not registered
        final Set<String> unknownKeys = new TreeSet<>();   // of its good lines, in name order (same writer as good)
        FileScan scan;   // size and hash: from the hashing pass, or from the worker that read the file

        Registered(int id, Scanned scanned, Integer duplicateOf) {
            this.id = id;
            this.scanned = scanned;
            this.duplicateOf = duplicateOf;
            this.scan = scanned.scan();
        }

        int id() {
            return id;
        }

        Scanned scanned() {
            return scanned;
        }

        Integer duplicateOf() {
            return duplicateOf;
        }

        /** Whether the file is left out of the registry (and quarantined as a whole): gone or changed. */
        boolean notRegistered() {
            return gone != null || changed;
        }
    }
}
