package soundstage.ingest.spotify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.Transaction;
import soundstage.ingest.ChunkQueue;
import soundstage.ingest.FileBatches;
import soundstage.ingest.InputPaths;
import soundstage.ingest.spotify.SpotifyInputs.Refused;
import soundstage.ingest.spotify.StreamingHistoryReader.Outcome;

/**
 * Loads Spotify exports into {@code source.spotify_streams}, exactly once, for every dialect; the
 * dialect only supplies the {@link StreamSink} that writes rows in bulk.
 *
 * <p>Files go in batches of up to {@link #BATCH_BYTES}, each in one transaction. A file whose size
 * matches content already registered, or another file of the batch, is hashed first, so a file
 * loaded before is registered as a duplicate without being parsed; any other file is read once:
 * hashed, parsed and written as it streams, on one worker per core. A file that turns out not to
 * be a whole JSON array loses the rows it had written (deleted before the batch commits) and is
 * quarantined as a whole; a bad record is quarantined alone, with file, line and reason.
 *
 * <p>Not thread-safe; used by one ingest call.
 */
public final class SpotifyLoader {
    private static final FileKind KIND = FileKind.SPOTIFY_EXPORT;
    /**
     * A batch ends after this many bytes (or {@link FileBatches#BATCH_FILES} files). Larger than
     * Sparkify's: rows stream to the dialect's bulk path, not the heap, and each batch costs a
     * pause in which the workers wait for the database (a tail of one worker, then the load).
     */
    static final long BATCH_BYTES = 1L << 30;

    private final Connection connection;
    private final StreamSink.Factory sinks;
    private final IngestOptions options;
    /** The files this ingest found loaded before (the first copies of its duplicates), with an entry of this ingest that is a copy. */
    private final Map<Integer, ExportEntry> loadedBefore = new java.util.TreeMap<>();

    public SpotifyLoader(Connection connection, StreamSink.Factory sinks, IngestOptions options) {
        this.connection = connection;
        this.sinks = sinks;
        this.options = options;
    }

    /**
     * Refuses, as {@link #load} would, paths that hold no streaming history (a folder of other
     * files, a zip without it), without a warehouse: a command checks its inputs before it opens
     * (and so creates) one. Lists folders and reads zips' directories only.
     *
     * @throws soundstage.core.UserException naming the path and what to pass instead
     */
    public static void refuseWithoutHistory(List<Path> paths) {
        refuseBeforeOpening(paths, null, false);
    }

    /**
     * As {@link #refuseWithoutHistory}; when {@code nothingLoaded} (the warehouse does not exist
     * yet, so no file can be a duplicate), also files whose records would have no listener, and
     * one {@code listener} for several folders' exports, as {@link #load} would refuse them: so
     * such a refusal creates no warehouse either. Reads the first record of the files that need it.
     */
    public static void refuseBeforeOpening(List<Path> paths, String listener, boolean nothingLoaded) {
        try (SpotifyInputs inputs = SpotifyInputs.open(paths, listener)) {
            if (nothingLoaded) {
                SpotifyInputs.requireListeners(inputs.entries(), IngestOptions.DEFAULTS.listenerSetting(), entry -> false);   // the command's --listener
                inputs.requireOneExportPerListener(listener, IngestOptions.DEFAULTS.listenerSetting(), entry -> false);
            }
        }
    }

    /** @param paths zips, folders and files, as {@code InputPaths.resolveKeepingFolders} gives them */
    public IngestSummary load(List<Path> paths, Progress progress) throws SQLException {
        try (SpotifyInputs inputs = SpotifyInputs.open(paths, options.listener())) {
            Map<String, Integer> known = FileBatches.knownContent(connection, KIND);
            Set<Long> knownSizes = FileBatches.knownSizes(connection, KIND);
            SpotifyInputs.requireListeners(inputs.entries(), options.listenerSetting(), entry -> isLoaded(entry, known, knownSizes));
            inputs.requireOneExportPerListener(options.listener(), options.listenerSetting(), entry -> isLoaded(entry, known, knownSizes));
            inputs.otherListenerNamed(options.listener(), options.listenerSetting(), entry -> isLoaded(entry, known, knownSizes)).ifPresent(options.warnings());
            if (options.listener() != null && !inputs.entries().isEmpty() && !inputs.listenerTaken()) {
                // Given for nothing, it was ignored without a word: the user believed it applied.
                options.warnings().accept(options.listenerSetting() + " " + options.listener() + " is not used: every export given names its listener "
                        + "(its Userdata.json, or a username in each record), and that name is kept");
            }
            if (!inputs.nearlyNamed().isEmpty()) {
                // Renamed past what is taken, they were left out without a word, and their plays with them.
                options.warnings().accept(inputs.nearlyNamed().size() + " file(s) named almost as Spotify names its histories are not read, such as '"
                        + inputs.nearlyNamed().get(0) + "': give them their names as downloaded (StreamingHistory_music_1.json, endsong_2.json,"
                        + " Streaming_History_Audio_2023_5.json), then ingest again");
            }
            inputs.otherListeners().forEach(options.warnings());
            inputs.zipsInZips().forEach((zip, inner) -> options.warnings().accept("zip '" + zip + "' holds a zip, '" + inner
                    + "', which is not read: extract that zip and ingest what it holds"));
            if (!inputs.compressedHistories().isEmpty()) {
                Path example = inputs.compressedHistories().get(0);
                options.warnings().accept(InputPaths.compressedSkipped(example.getParent().toString(), inputs.compressedHistories().size(),
                        example.getFileName(), InputPaths.compression(example)));
            }
            IngestSummary total = refuse(inputs.refused());
            List<ExportEntry> entries = inputs.entries();
            long totalBytes = entries.stream().mapToLong(ExportEntry::size).sum();
            long[] doneBytes = {0};
            java.util.function.LongConsumer done = bytes -> progress.update(doneBytes[0] += bytes, totalBytes);
            int index = 0;
            while (index < entries.size()) {
                int first = index;
                long bytes = 0;
                while (index < entries.size() && (index == first || bytes + entries.get(index).size() <= BATCH_BYTES)
                        && index - first < FileBatches.BATCH_FILES) {
                    bytes += entries.get(index++).size();
                }
                List<ExportEntry> batch = entries.subList(first, index);
                total = total.plus(Transaction.run(connection, () -> loadBatch(batch, known, knownSizes, done)));
            }
            warnListenerNotTaken(inputs);
            if (options.dropPersonalData() && !loadedBefore.isEmpty()) {
                Transaction.run(connection, this::dropPersonalDataLoadedBefore);
            }
            return total;
        }
    }

    /**
     * A --listener given again for files loaded before, to correct the name they were loaded with,
     * was ignored without a word: a file is loaded once, and its records keep the listener they
     * were loaded with. Said, with that listener.
     */
    private void warnListenerNotTaken(SpotifyInputs inputs) throws SQLException {
        if (options.listener() == null) {
            return;
        }
        List<Integer> taking = loadedBefore.entrySet().stream().filter(copy -> inputs.takesListener(copy.getValue())).map(Map.Entry::getKey).toList();
        if (taking.isEmpty()) {
            return;
        }
        List<String> others = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT DISTINCT listener FROM source.spotify_streams WHERE file_id IN "
                + inList(taking) + " AND listener <> ? ORDER BY listener")) {
            query.setString(1, options.listener());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    others.add("'" + rows.getString(1) + "'");
                }
            }
        }
        if (!others.isEmpty()) {
            options.warnings().accept(options.listenerSetting() + " " + options.listener() + " is not used for " + taking.size()
                    + (taking.size() == 1 ? " file" : " files") + " loaded before: a file is loaded once, and its records keep the listener they were loaded with ("
                    + String.join(", ", others) + ")");
        }
    }

    /** File ids as an SQL list, {@code (3, 8)}: integers only, so written into the statement. */
    private static String inList(java.util.Collection<Integer> fileIds) {
        return fileIds.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * --drop-personal-data for files loaded before: they are duplicates, not read again, so what an
     * earlier ingest stored of them is cleared here: the columns, and the personal keys of the kept
     * record text and of the quarantined records' (text that cannot be scrubbed, cut short, is
     * cleared whole when a personal key's name appears in it). The warning this replaces gave an
     * {@code UPDATE} of the columns only, and without the warehouse's name.
     */
    private Void dropPersonalDataLoadedBefore() throws SQLException {
        String files = inList(loadedBefore.keySet());
        int records;
        try (Statement statement = connection.createStatement()) {
            records = statement.executeUpdate("UPDATE source.spotify_streams SET ip_addr = NULL, user_agent = NULL "
                    + "WHERE file_id IN " + files + " AND (ip_addr IS NOT NULL OR user_agent IS NOT NULL)");
        }
        int texts = scrub("source.spotify_streams", "record_no", files) + scrub("meta.quarantine", "line_no", files);
        if (records + texts > 0) {
            options.warnings().accept("--drop-personal-data: dropped the IP addresses and user agents that an earlier ingest stored of the "
                    + loadedBefore.size() + (loadedBefore.size() == 1 ? " file" : " files") + " loaded before (" + records + " records"
                    + (texts > 0 ? ", " + texts + " kept record texts" : "") + ")");
        }
        return null;
    }

    /** A kept text ({@code raw}) of row ({@code fileId}, {@code position}) and what it becomes without its personal keys. */
    private record Scrub(int fileId, long position, String oldRaw, String newRaw) {
    }

    /** Drops the personal keys from the kept text ({@code raw}) of {@code table}'s rows of {@code files}; returns how many changed. */
    private int scrub(String table, String position, String files) throws SQLException {
        List<Scrub> changed = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT file_id, " + position + ", raw FROM " + table + " WHERE file_id IN " + files + " AND raw IS NOT NULL")) {
            while (rows.next()) {
                String raw = rows.getString(3);
                StreamingHistoryReader.Scrubbed scrubbed;
                try {
                    scrubbed = StreamingHistoryReader.withoutPersonalData(raw.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);   // text in memory: not a failure of a file
                }
                if (scrubbed.dropped()) {
                    changed.add(new Scrub(rows.getInt(1), rows.getLong(2), raw, scrubbed.text()));
                }
            }
        }
        if (changed.isEmpty()) {
            return 0;
        }
        // One UPDATE from a table of the new texts: an UPDATE per row scanned the whole table each time on DuckDB.
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE scrubbed_raw (file_id INTEGER, position BIGINT, old_raw VARCHAR, new_raw VARCHAR)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scrubbed_raw VALUES (?, ?, ?, ?)")) {
                for (Scrub row : changed) {
                    insert.setInt(1, row.fileId());
                    insert.setLong(2, row.position());
                    insert.setString(3, row.oldRaw());
                    insert.setString(4, row.newRaw());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            statement.executeUpdate("UPDATE " + table + " AS t SET raw = s.new_raw FROM scrubbed_raw AS s "
                    + "WHERE t.file_id = s.file_id AND t." + position + " = s.position AND t.raw = s.old_raw");
            statement.execute("DROP TABLE scrubbed_raw");
        }
        return changed.size();
    }

    /**
     * Refused files and entries: quarantined as wholes (line 0), not registered (they have no
     * content to register). Refused again, they are not quarantined again.
     */
    private IngestSummary refuse(List<Refused> refused) throws SQLException {
        if (refused.isEmpty()) {
            return IngestSummary.empty(KIND);
        }
        int fresh = Transaction.run(connection, () -> {
            int added = 0;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO meta.quarantine SELECT NULL, ?, 0, ?, NULL, CURRENT_TIMESTAMP "
                    + "WHERE NOT EXISTS (SELECT 1 FROM meta.quarantine WHERE file_id IS NULL AND path = ? AND reason = ?)")) {
                for (Refused file : refused) {
                    insert.setString(1, file.path());
                    insert.setString(2, file.reason());
                    insert.setString(3, file.path());
                    insert.setString(4, file.reason());
                    added += insert.executeUpdate();
                }
            }
            return added;
        });
        return new IngestSummary(KIND, refused.size(), 0, refused.size(), 0, 0, fresh, 0);
    }

    /** A file of the batch: its id, and what became of it. */
    private static final class Loaded {
        final ExportEntry entry;
        final int fileId;
        String sha256;
        Integer duplicateOf;
        Outcome outcome;
        IOException unreadable;
        final List<Bad> bad = new ArrayList<>();

        Loaded(ExportEntry entry, int fileId) {
            this.entry = entry;
            this.fileId = fileId;
        }

        boolean isNew() {
            return duplicateOf == null && unreadable == null;
        }
    }

    private record Bad(long recordNo, long lineNo, String reason, String raw) {
    }

    /** A file finished reading (its outcome is set). */
    private record Done(Loaded file) {
    }

    /** Loads one batch in the open transaction; {@code done} hears of each file's bytes as it is finished. */
    private IngestSummary loadBatch(List<ExportEntry> batch, Map<String, Integer> known, Set<Long> knownSizes, java.util.function.LongConsumer done)
            throws SQLException {
        int nextFileId = FileBatches.nextFileId(connection);
        List<Loaded> files = new ArrayList<>();
        for (ExportEntry entry : batch) {
            files.add(new Loaded(entry, nextFileId++));
        }
        hashFirstWhereRepeatsArePossible(files, knownSizes);
        for (Loaded file : files) {
            if (file.sha256 != null) {
                file.duplicateOf = known.get(file.sha256);
                if (file.duplicateOf == null) {
                    known.put(file.sha256, file.fileId);
                }
            }
        }
        List<Loaded> toRead = files.stream().filter(Loaded::isNew).toList();
        files.stream().filter(file -> !file.isNew()).forEach(file -> done.accept(file.entry.size()));
        readIntoSource(toRead, done);
        Set<Integer> failed = new HashSet<>();
        for (Loaded file : toRead) {
            if (file.unreadable != null || file.outcome.failure() != null) {
                failed.add(file.fileId);
            }
            if (file.outcome != null) {
                known.putIfAbsent(file.outcome.sha256(), file.fileId);
                knownSizes.add(file.entry.size());
                if (!file.outcome.unknownKeys().isEmpty() && file.outcome.failure() == null) {
                    options.warnUnknownKeys(file.entry.path(), file.outcome.unknownKeys(), FileKind.SPOTIFY_EXPORT.sourceTable());
                }
            }
        }
        if (!failed.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM source.spotify_streams WHERE file_id IN ("
                        + failed.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
            }
        }
        return register(files);
    }

    /** Whether the entry's content is registered (hashed only when its size is that of registered content). */
    private static boolean isLoaded(ExportEntry entry, Map<String, Integer> known, Set<Long> knownSizes) {
        if (!knownSizes.contains(entry.size())) {
            return false;
        }
        try (EntryStream in = new EntryStream(entry.opener().open(), entry.limit())) {
            return known.containsKey(in.finish());
        } catch (IOException e) {
            return false;   // the reader quarantines it with the reason
        }
    }

    /** Hashes (in parallel) the files whose size another file of the batch, or registered content, shares. */
    private static void hashFirstWhereRepeatsArePossible(List<Loaded> files, Set<Long> knownSizes) {
        Map<Long, Integer> sameSize = new HashMap<>();
        files.forEach(file -> sameSize.merge(file.entry.size(), 1, Integer::sum));
        files.parallelStream()
                .filter(file -> file.entry.size() == 0 || sameSize.get(file.entry.size()) > 1 || knownSizes.contains(file.entry.size()))
                .forEach(file -> {
                    try (EntryStream in = new EntryStream(file.entry.opener().open(), file.entry.limit())) {
                        file.sha256 = in.finish();
                    } catch (IOException e) {
                        file.unreadable = e;
                    }
                });
    }

    /**
     * Parses the files on one worker per core; each worker encodes its rows in the sink's bulk
     * format, and the bytes reach the sink on this thread (which owns the connection) through a
     * bounded queue, so memory holds a few chunks, not files.
     */
    private void readIntoSource(List<Loaded> files, java.util.function.LongConsumer done) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        int workers = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4 * workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "spotify-reader");
            thread.setDaemon(true);
            return thread;
        });
        try (StreamSink sink = sinks.open()) {
            for (Loaded file : files) {
                pool.execute(() -> read(file, sink, queue));
            }
            int finished = 0;
            while (finished < files.size()) {
                Object item = queue.take();
                if (item instanceof Done file) {
                    finished++;
                    done.accept(file.file().entry.size());
                } else {
                    sink.write((byte[]) item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while loading", e);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void read(Loaded file, StreamSink sink, BlockingQueue<Object> queue) {
        StreamingHistoryReader reader = new StreamingHistoryReader(options.dropPersonalData());
        StreamSink.Encoder encoder = sink.encoder(new ChunkQueue(queue));
        try (InputStream raw = file.entry.opener().open(); EntryStream in = new EntryStream(raw, file.entry.limit())) {
            file.outcome = reader.read(in, file.fileId, file.entry.listener(), file.entry.content(), new StreamingHistoryReader.Receiver() {
                @Override
                public void row(StreamRow row) {
                    try {
                        encoder.write(row);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                @Override
                public void bad(long recordNo, long lineNo, String reason, String text) {
                    file.bad.add(new Bad(recordNo, lineNo, reason, text));
                }
            });
        } catch (EntryStream.LimitExceeded e) {
            file.outcome = new Outcome(0, 0, new java.util.TreeSet<>(), "the zip entry " + e.getMessage() + ", more than it declares; refused as a likely zip bomb",
                    0, "unknown", 0);
        } catch (IOException | RuntimeException e) {
            file.unreadable = e instanceof IOException io ? io : new IOException(e);
        }
        try {
            encoder.flush();   // also after a failure: the file's rows are removed by file id, whole or not
        } catch (IOException | RuntimeException e) {
            file.unreadable = file.unreadable != null ? file.unreadable : (e instanceof IOException io ? io : new IOException(e));
        }
        put(queue, new Done(file));
    }

    /** Hands {@code item} to the loading thread; when interrupted, that thread failed and stopped taking: nothing to do. */
    private static void put(BlockingQueue<Object> queue, Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String QUARANTINE = "INSERT INTO meta.quarantine VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)";

    /** Quarantines what did not load and registers the batch's files; returns the batch's summary. */
    private IngestSummary register(List<Loaded> files) throws SQLException {
        int loaded = 0;
        int rejected = 0;
        int duplicates = 0;
        long rows = 0;
        long quarantined = 0;
        long bytes = 0;
        try (PreparedStatement quarantine = connection.prepareStatement(QUARANTINE);
             PreparedStatement register = connection.prepareStatement("INSERT INTO meta.files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, NULL)")) {
            for (Loaded file : files) {
                bytes += file.entry.size();
                if (file.unreadable != null) {
                    quarantine(quarantine, null, file.entry.path(), 0, FileBatches.unreadableReason(file.unreadable), null);
                    rejected++;
                    quarantined++;
                    continue;
                }
                String status;
                long good = 0;
                long bad = 0;
                if (file.duplicateOf != null) {
                    status = "duplicate";
                    duplicates++;
                    loadedBefore.putIfAbsent(file.duplicateOf, file.entry);
                } else if (file.outcome.failure() != null) {
                    quarantine(quarantine, file.fileId, file.entry.path(), file.outcome.failureLine(), file.outcome.failure(), null);
                    status = "rejected";
                    bad = 1;
                } else if (file.outcome.records() == 0 && file.outcome.array()) {
                    // An empty array: Spotify writes one for a kind of history the account has none
                    // of (StreamingHistory_podcast_0.json: []), so it is read as such, not quarantined.
                    status = "empty";
                } else if (file.outcome.records() == 0) {
                    quarantine(quarantine, file.fileId, file.entry.path(), 0, "file is empty: it holds no play record", null);
                    status = "empty";
                    bad = 1;
                } else {
                    for (Bad record : file.bad) {
                        quarantine(quarantine, file.fileId, file.entry.path(), record.lineNo(), record.reason() + " (record " + record.recordNo() + ")", record.raw());
                    }
                    good = file.outcome.good();
                    bad = file.bad.size();
                    status = good > 0 ? "loaded" : "rejected";
                }
                if (status.equals("loaded") || status.equals("empty") && bad == 0) {
                    loaded++;
                } else if (!status.equals("duplicate")) {
                    rejected++;
                }
                rows += good;
                quarantined += bad;
                String sha = file.sha256 != null ? file.sha256 : file.outcome.sha256();
                register.setInt(1, file.fileId);
                register.setString(2, KIND.cliName());
                register.setString(3, file.entry.path());
                register.setString(4, file.entry.name());
                register.setLong(5, file.entry.size());
                register.setString(6, sha);
                register.setString(7, status);
                if (file.duplicateOf == null) {
                    register.setNull(8, java.sql.Types.INTEGER);
                } else {
                    register.setInt(8, file.duplicateOf);
                }
                register.setLong(9, good);
                register.setLong(10, bad);
                register.addBatch();
            }
            quarantine.executeBatch();
            register.executeBatch();
        }
        return new IngestSummary(KIND, files.size(), loaded, rejected, duplicates, rows, quarantined, bytes);
    }

    private static void quarantine(PreparedStatement insert, Integer fileId, String path, long lineNo, String reason, String raw) throws SQLException {
        if (fileId == null) {
            insert.setNull(1, java.sql.Types.INTEGER);
        } else {
            insert.setInt(1, fileId);
        }
        insert.setString(2, path);
        insert.setLong(3, lineNo);
        insert.setString(4, reason);
        insert.setString(5, raw);
        insert.addBatch();
    }
}
