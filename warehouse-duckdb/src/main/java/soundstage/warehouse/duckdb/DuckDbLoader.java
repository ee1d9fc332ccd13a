package soundstage.warehouse.duckdb;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.MemorySettings;
import soundstage.core.Progress;
import soundstage.core.SqlScript;
import soundstage.ingest.FileBatches;
import soundstage.ingest.FileBatches.Scanned;
import soundstage.ingest.FileScan;
import soundstage.ingest.LineReader;

/**
 * Loads files into the source layer in batches. Each file is hashed first (checked to be UTF-8,
 * its non-blank lines counted); content seen before is registered as a duplicate. DuckDB reads
 * and splits the new UTF-8 files of {@value #SMALL_FILE_BYTES} bytes up to {@value #LARGE_FILE_BYTES}
 * itself; the others (small and large files, and files that are not UTF-8) are split in Java. DuckDB parses every line in one
 * statement per batch and sends it to the source table or to the quarantine. A batch (its
 * rows, quarantine rows and registry entries) commits in one transaction, so a crash never
 * leaves half a file.
 *
 * <p>Two batches load at once, each on a connection of its own ({@link FileBatches#runInLanes}):
 * DuckDB hands every file of a batch to one thread, so one batch keeps one core busy (measured:
 * 960,000 lines parsed and inserted in 4.7 s one batch after the other, 2.9 s two at a time).
 * Batches still commit in order.
 *
 * <p>Not thread-safe; used by one ingest call.
 */
final class DuckDbLoader {
    /** Batches loading at once (at most one per core). */
    static final int LANES = 2;
    /** Up to this many files DuckDB reads in a batch, a file's id is looked up in a list; beyond, a join finds it (see load/land-text.sql). */
    static final int LIST_LOOKUP_FILES = 100;
    /**
     * Files smaller than this are split in Java (-Dsoundstage.duckdb.small_file=BYTES): DuckDB's
     * read_text costs about 60 microseconds a file on one thread whatever its size, more than
     * Java takes to read and append a 250-byte song file (20,000 song files: 2.2 s -> 1.65 s).
     */
    static final long SMALL_FILE_BYTES = 64 * 1024;
    /**
     * Files of this size and more are streamed line by line in Java (-Dsoundstage.duckdb.large_file=BYTES):
     * read_text holds a whole file, and then its lines, in memory, so one 475 MB file of 1M events
     * failed with "Out of Memory" under the 1 GB limit. The lines Java appends spill to disk
     * beyond the limit instead. (Slower: 9.1 s against 7.2 s for 1M events.)
     */
    static final long LARGE_FILE_BYTES = 64L * 1024 * 1024;

    private final Connection connection;
    private final FileKind kind;
    private final String loadScript;
    private final String countScript;
    private final String findRejectedScript;
    private final String finishScript;
    private final String landTextScript;
    /** Where the warnings go (keys Soundstage does not know). */
    private final IngestOptions options;
    /** Called with each batch's files once they are hashed, before they load (tests). */
    private final Consumer<List<Scanned>> hashed;
    private final long smallFileBytes = MemorySettings.bytes("soundstage.duckdb.small_file", SMALL_FILE_BYTES);
    private final long largeFileBytes = MemorySettings.bytes("soundstage.duckdb.large_file", LARGE_FILE_BYTES);

    DuckDbLoader(DuckDbWarehouse warehouse, FileKind kind, IngestOptions options) {
        this(warehouse, kind, options, batch -> { });
    }

    /** As above; {@code hashed} sees each batch's files after they were hashed, before they load. */
    DuckDbLoader(DuckDbWarehouse warehouse, FileKind kind, IngestOptions options, Consumer<List<Scanned>> hashed) {
        this.hashed = hashed;
        this.options = options;
        this.connection = warehouse.connection();
        this.kind = kind;
        this.loadScript = SqlScript.resource(DuckDbLoader.class, "load/" + kind.cliName() + ".sql");
        this.countScript = SqlScript.resource(DuckDbLoader.class, "load/count-batch.sql");
        this.findRejectedScript = SqlScript.resource(DuckDbLoader.class, "load/find-rejected.sql")
                .replace("${max_line_bytes}", Integer.toString(LineReader.MAX_LINE_BYTES)).replace("${kept_prefix}", Integer.toString(LineReader.KEPT_PREFIX));
        this.finishScript = SqlScript.resource(DuckDbLoader.class, "load/finish-batch.sql");
        this.landTextScript = SqlScript.resource(DuckDbLoader.class, "load/land-text.sql");
    }

    IngestSummary load(List<Path> files, Progress progress) throws SQLException {
        Map<String, Integer> known = FileBatches.knownContent(connection, kind);
        int count = Math.max(1, Math.min(LANES, Runtime.getRuntime().availableProcessors()));
        List<Connection> lanes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                lanes.add(connection.unwrap(DuckDBConnection.class).duplicate());
            }
            int firstFileId = FileBatches.nextFileId(connection);
            // Java reads the small and large files and compares their bytes with the hash; DuckDB reads the others.
            LongPredicate readByDuckDb = size -> size >= smallFileBytes && size < largeFileBytes;
            IngestSummary summary = FileBatches.runInLanes(connection, lanes, kind, files, progress, readByDuckDb, (scanned, batchFirstFileId) -> {
                hashed.accept(scanned);
                return plan(scanned, batchFirstFileId, known);
            }, this::loadBatch);
            return FileBatches.releaseOrphanDuplicates(connection, firstFileId, summary);
        } finally {
            for (Connection lane : lanes) {
                lane.close();
            }
        }
    }

    /** A batch's files with their ids and, for content seen before, the file that holds it. */
    private record Plan(List<Scanned> files, int firstFileId, int[] fileIds, Integer[] duplicateOf) {
    }

    /**
     * Gives the batch's readable files ids in file order from {@code firstFileId} and finds the
     * ones whose content is known (from the registry, an earlier batch, or earlier in this one).
     * Runs in batch order, so the first copy of any content is the one that loads.
     */
    private static Plan plan(List<Scanned> scanned, int firstFileId, Map<String, Integer> known) {
        int[] fileIds = new int[scanned.size()];
        Integer[] duplicateOf = new Integer[scanned.size()];
        int nextFileId = firstFileId;
        for (int i = 0; i < scanned.size(); i++) {
            Scanned file = scanned.get(i);
            if (file.error() != null) {
                continue;
            }
            fileIds[i] = nextFileId++;
            duplicateOf[i] = known.get(file.scan().sha256());
            if (duplicateOf[i] == null) {
                known.put(file.scan().sha256(), fileIds[i]);
            }
        }
        return new Plan(scanned, firstFileId, fileIds, duplicateOf);
    }

    /** Loads one planned batch on {@code lane}; runs in the batch's transaction there. */
    private IngestSummary loadBatch(Connection lane, Plan plan) throws SQLException {
        Batch batch = new Batch();
        createBatchTables(lane, plan.firstFileId(), plan.firstFileId() + plan.files().size() - 1);
        Map<Path, Integer> textFiles = new LinkedHashMap<>();   // read by DuckDB, with their ids
        Map<Scanned, Integer> otherFiles = new LinkedHashMap<>();   // split in Java, with their ids
        try (DuckDBAppender batchFiles = lane.unwrap(DuckDBConnection.class).createAppender("temp", "main", "batch_files")) {
            for (int i = 0; i < plan.files().size(); i++) {
                Scanned file = plan.files().get(i);
                if (file.error() != null) {
                    FileBatches.quarantineUnreadable(lane, file.path(), file.error());
                    batch.unreadable++;
                    continue;
                }
                boolean splitInJava = false;
                if (plan.duplicateOf()[i] == null) {
                    long bytes = file.scan().bytes();
                    if (file.scan().utf8() && bytes >= smallFileBytes && bytes < largeFileBytes && duckDbOpens(file.path())) {
                        textFiles.put(file.path(), plan.fileIds()[i]);
                    } else {
                        otherFiles.put(file, plan.fileIds()[i]);
                        splitInJava = true;
                    }
                }
                register(batchFiles, file, plan.fileIds()[i], plan.duplicateOf()[i], splitInJava);
                batch.files++;
                batch.bytes += file.scan().bytes();
            }
            batchFiles.flush();
        }
        Set<Scanned> changed = landLineByLine(lane, otherFiles, batch);
        defineLines(lane, textFiles);
        SqlScript.execute(lane, loadScript);
        SqlScript.execute(lane, countScript);
        List<Path> mismatched = mismatched(lane);
        if (!mismatched.isEmpty()) {
            Map<Path, Integer> again = new LinkedHashMap<>(textFiles);
            again.keySet().retainAll(new HashSet<>(mismatched));
            defineLines(lane, again);   // read again only these
            unreadable(lane, batch);
            SqlScript.execute(lane, findRejectedScript);
        } else {
            SqlScript.execute(lane, "CREATE OR REPLACE TEMP TABLE rejected (file_id INTEGER, line_no BIGINT, reason VARCHAR, raw VARCHAR)");
        }
        changedSinceHashed(lane, plan, changed, batch);
        SqlScript.execute(lane, finishScript);
        warnUnknownKeys(lane, plan);
        IngestSummary totals = FileBatches.totals(lane, kind, batch.files, batch.unreadable, batch.bytes);
        dropBatchTables(lane);
        return totals;
    }

    /**
     * Warns of each file of the batch whose lines hold keys Soundstage does not know: such a line
     * keeps its whole text in the source table's {@code raw}, so only those rows are read again.
     */
    private void warnUnknownKeys(Connection lane, Plan plan) throws SQLException {
        int first = plan.firstFileId();
        int last = first + plan.files().size() - 1;
        try (Statement statement = lane.createStatement();
             ResultSet rows = statement.executeQuery("SELECT b.path, list_sort(list_distinct(flatten(list(json_keys(s.raw))))) FROM " + kind.sourceTable()
                     + " s JOIN batch_files b ON b.file_id = s.file_id WHERE s.file_id BETWEEN " + first + " AND " + last
                     + " AND s.raw IS NOT NULL GROUP BY b.path ORDER BY b.path")) {
            while (rows.next()) {
                List<String> unknown = new ArrayList<>();
                for (Object key : (Object[]) rows.getArray(2).getArray()) {
                    if (!kind.keys().contains(key.toString())) {
                        unknown.add(key.toString());
                    }
                }
                if (!unknown.isEmpty()) {
                    options.warnUnknownKeys(rows.getString(1), unknown, kind.sourceTable());
                }
            }
        }
    }

    /**
     * Takes out of the batch the files of view {@code lines} (those whose rows are not their lines)
     * that DuckDB now reads no line of, though hashing found some: moved, deleted or made
     * unreadable since. DuckDB's read_text skips a path it cannot open without a word, so such a
     * file was registered as empty with the hash of its real content, and that content, offered
     * again, was taken for a duplicate and never loaded. Now it is quarantined as unreadable and
     * not registered, so ingesting it again loads it.
     */
    private static void unreadable(Connection lane, Batch batch) throws SQLException {
        Map<Path, Long> gone = new LinkedHashMap<>();
        try (Statement statement = lane.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT b.path, b.size FROM batch_files b JOIN line_counts n ON n.file_id = b.file_id
                     WHERE n.good = 0 AND NOT b.split_in_java AND NOT EXISTS (SELECT 1 FROM lines l WHERE l.file_id = b.file_id)""")) {
            while (rows.next()) {
                gone.put(Path.of(rows.getString(1)), rows.getLong(2));
            }
        }
        for (Map.Entry<Path, Long> file : gone.entrySet()) {
            FileBatches.quarantineUnreadable(lane, file.getKey(), FileBatches.goneSinceHashed(file.getKey(), null));
            try (PreparedStatement drop = lane.prepareStatement(
                    "DELETE FROM line_counts WHERE file_id IN (SELECT file_id FROM batch_files WHERE path = ?)")) {
                drop.setString(1, file.getKey().toString());
                drop.executeUpdate();
            }
            try (PreparedStatement drop = lane.prepareStatement("DELETE FROM batch_files WHERE path = ?")) {
                drop.setString(1, file.getKey().toString());
                drop.executeUpdate();
            }
            batch.files--;
            batch.unreadable++;
            batch.bytes -= file.getValue();
        }
    }

    /**
     * Takes out of the batch, with the rows and rejected lines it gave, each new file that changed
     * since it was hashed: split in Java into other bytes than it hashed ({@code readOtherwise}),
     * or {@link Scanned#changedSinceHashed}, asked once every read of the batch's files is done: its rows are another content than its hash, and registering them under it
     * made that content, offered again, a duplicate never loaded. Such a file is quarantined
     * and not registered, so ingesting it again loads it; a copy of its content planned as its
     * duplicate is released as an orphan ({@link FileBatches#releaseOrphanDuplicates}).
     */
    private void changedSinceHashed(Connection lane, Plan plan, Set<Scanned> readOtherwise, Batch batch) throws SQLException {
        Set<Integer> left = new HashSet<>();   // not taken out already (unreadable ones are)
        try (Statement statement = lane.createStatement();
             ResultSet rows = statement.executeQuery("SELECT file_id FROM batch_files WHERE duplicate_of IS NULL")) {
            while (rows.next()) {
                left.add(rows.getInt(1));
            }
        }
        for (int i = 0; i < plan.files().size(); i++) {
            Scanned file = plan.files().get(i);
            if (file.error() != null || plan.duplicateOf()[i] != null || !left.contains(plan.fileIds()[i])
                    || !readOtherwise.contains(file) && !file.changedSinceHashed()) {
                continue;
            }
            for (String table : List.of(kind.sourceTable(), "rejected", "line_counts", "batch_files")) {
                try (PreparedStatement drop = lane.prepareStatement("DELETE FROM " + table + " WHERE file_id = ?")) {
                    drop.setInt(1, plan.fileIds()[i]);
                    drop.executeUpdate();
                }
            }
            FileBatches.quarantineFile(lane, file.path(), FileBatches.CHANGED_WHILE_INGESTED);
            batch.files--;
            batch.unreadable++;
            batch.bytes -= file.scan().bytes();
        }
    }

    /**
     * The files of the batch whose loaded rows are not their lines (temp table line_counts): none
     * when every line of every file loaded.
     */
    private static List<Path> mismatched(Connection lane) throws SQLException {
        List<Path> paths = new ArrayList<>();
        try (Statement statement = lane.createStatement();
             ResultSet rows = statement.executeQuery("SELECT b.path FROM line_counts n JOIN batch_files b ON b.file_id = n.file_id WHERE n.good <> n.total")) {
            while (rows.next()) {
                paths.add(Path.of(rows.getString(1)));
            }
        }
        return paths;
    }

    private void register(DuckDBAppender batchFiles, Scanned file, int fileId, Integer duplicateOf, boolean splitInJava) throws SQLException {
        batchFiles.beginRow()
                .append(fileId).append(kind.cliName()).append(file.path().toString()).append(file.path().getFileName().toString())
                .append(file.scan().bytes()).append(file.scan().sha256()).append(file.scan().lines()).append(splitInJava);
        if (duplicateOf == null) {
            batchFiles.appendNull();
        } else {
            batchFiles.append(duplicateOf.intValue());
        }
        batchFiles.endRow();
    }

    /**
     * Defines view {@code lines}: the batch's UTF-8 files (with their ids), which DuckDB reads and
     * splits itself while the load script parses them (load/land-text.sql), and the lines split in
     * Java.
     */
    private void defineLines(Connection lane, Map<Path, Integer> textFiles) throws SQLException {
        String javaLines = "SELECT file_id, line_no, raw, problem FROM landing";
        if (textFiles.isEmpty()) {
            SqlScript.execute(lane, "CREATE OR REPLACE TEMP VIEW lines AS " + javaLines);
            return;
        }
        boolean few = textFiles.size() <= LIST_LOOKUP_FILES;
        try (PreparedStatement paths = lane.prepareStatement("SET VARIABLE batch_paths = ?::VARCHAR[]");
             PreparedStatement ids = lane.prepareStatement("SET VARIABLE batch_ids = ?::INTEGER[]")) {
            paths.setArray(1, lane.createArrayOf("VARCHAR", textFiles.keySet().stream().map(Path::toString).toArray()));
            paths.execute();
            ids.setArray(1, lane.createArrayOf("INTEGER", few ? textFiles.values().toArray() : new Object[0]));
            ids.execute();
        }
        SqlScript.execute(lane, landTextScript
                .replace("${file_id}", few ? "getvariable('batch_ids')[list_position(getvariable('batch_paths'), f.filename)]" : "b.file_id")
                .replace("${join}", few ? "" : "JOIN batch_files b ON b.path = f.filename AND b.duplicate_of IS NULL"));
        // A line too long to parse is not parsed (find-rejected.sql keeps its first characters for the quarantine, as LineReader
        // does for the lines Java splits: cutting raw here, for every line, copied every line and cost 10 % of a load).
        SqlScript.execute(lane, "CREATE OR REPLACE TEMP VIEW lines AS "
                + "SELECT file_id, line_no, raw, CASE WHEN strlen(raw) > " + LineReader.MAX_LINE_BYTES + " AND NOT (strlen(raw) = " + (LineReader.MAX_LINE_BYTES + 1)
                + " AND ends_with(raw, chr(13))) THEN '" + LineReader.tooLong() + "' END AS problem "   // (a last line's lone CR, which Java drops, does not count)
                + "FROM text_lines UNION ALL " + javaLines);
    }

    /**
     * Lines of the small and large files and of those DuckDB cannot read as text (not UTF-8, or a path it
     * cannot open, see {@link #duckDbOpens}): split in Java, so each bad line is quarantined with
     * its number instead of failing the file. A file that cannot be read now (moved, deleted or
     * made unreadable since it was hashed) is quarantined as unreadable and taken out of the
     * batch with the lines it gave, as {@link #unreadable} does for the files DuckDB reads.
     */
    private static Set<Scanned> landLineByLine(Connection lane, Map<Scanned, Integer> files, Batch batch) throws SQLException {
        Set<Scanned> readOtherwise = new HashSet<>();
        if (files.isEmpty()) {
            return readOtherwise;
        }
        Map<Scanned, IOException> failed = new LinkedHashMap<>();
        try (DuckDBAppender landing = lane.unwrap(DuckDBConnection.class).createAppender("temp", "main", "landing")) {
            LineReader reader = FileBatches.reader();
            for (Map.Entry<Scanned, Integer> entry : files.entrySet()) {
                Scanned file = entry.getKey();
                int fileId = entry.getValue();
                try {
                    FileScan read = reader.read(file.path(), (lineNumber, text, problem) -> {
                        try {
                            landing.beginRow().append(fileId).append(lineNumber).append(text);
                            if (problem == null) {
                                landing.appendNull();
                            } else {
                                landing.append(problem);
                            }
                            landing.endRow();
                        } catch (SQLException e) {
                            throw new LandingFailed(e);
                        }
                    });
                    if (!read.sha256().equals(file.scan().sha256())) {
                        readOtherwise.add(file);   // taken out with its rows, see changedSinceHashed
                    }
                } catch (LandingFailed e) {
                    throw e.getCause();
                } catch (IOException e) {
                    failed.put(file, e);
                }
            }
            landing.flush();
        }
        for (Map.Entry<Scanned, IOException> entry : failed.entrySet()) {
            Scanned file = entry.getKey();
            FileBatches.quarantineUnreadable(lane, file.path(), FileBatches.goneSinceHashed(file.path(), entry.getValue()));
            try (PreparedStatement drop = lane.prepareStatement("DELETE FROM landing WHERE file_id = ?")) {
                drop.setInt(1, files.get(file));
                drop.executeUpdate();
            }
            try (PreparedStatement drop = lane.prepareStatement("DELETE FROM batch_files WHERE file_id = ?")) {
                drop.setInt(1, files.get(file));
                drop.executeUpdate();
            }
            batch.files--;
            batch.unreadable++;
            batch.bytes -= file.scan().bytes();
        }
        return readOtherwise;
    }

    /**
     * Whether DuckDB, given the path as text, reads this file: not when it would take the path
     * for a glob, nor when the path's bytes are not UTF-8 (a name such as caf\xE9.json, é in
     * Latin-1). Java's text of such a path has U+FFFD for the bad bytes and names no file, and
     * read_text, finding none, gave no line: the file was registered empty and its content,
     * known by its hash, could never load.
     */
    private static boolean duckDbOpens(Path path) {
        String text = path.toString();
        boolean glob = text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0 || text.indexOf('{') >= 0 || text.indexOf('\\') >= 0;
        return !glob && Path.of(text).equals(path);
    }

    private void createBatchTables(Connection lane, int firstFileId, int lastFileId) throws SQLException {
        try (Statement statement = lane.createStatement()) {
            statement.execute("SET VARIABLE batch_first_file = " + firstFileId);
            statement.execute("SET VARIABLE batch_last_file = " + lastFileId);
            statement.execute("SET VARIABLE source_table = '" + kind.sourceTable() + "'");
            // Lines of files split in Java (with file id and problem); the load scripts read them
            // and those of the files DuckDB splits through the view `lines`.
            statement.execute("CREATE OR REPLACE TEMP TABLE landing (file_id INTEGER, line_no BIGINT, raw VARCHAR, problem VARCHAR)");
            statement.execute("CREATE OR REPLACE TEMP TABLE batch_files (file_id INTEGER, kind VARCHAR, path VARCHAR, name VARCHAR, "
                    + "size BIGINT, sha256 VARCHAR, lines BIGINT, split_in_java BOOLEAN, duplicate_of INTEGER)");
        }
    }

    private static void dropBatchTables(Connection lane) throws SQLException {
        try (Statement statement = lane.createStatement()) {
            statement.execute("DROP VIEW temp.main.loaded");
            statement.execute("DROP TABLE temp.main.rejected");
            statement.execute("DROP TABLE temp.main.line_counts");
            statement.execute("DROP VIEW temp.main.checked");
            statement.execute("DROP VIEW temp.main.lines");
            statement.execute("DROP VIEW IF EXISTS temp.main.text_lines");
            statement.execute("DROP TABLE temp.main.landing");
            statement.execute("DROP TABLE temp.main.batch_files");
        }
    }

    /** Counts of the batch being built. */
    private static final class Batch {
        int files;
        int unreadable;
        long bytes;
    }

    /** Carries an appender failure out of the line callback. */
    private static final class LandingFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LandingFailed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
