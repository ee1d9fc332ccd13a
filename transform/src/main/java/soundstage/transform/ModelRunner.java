package soundstage.transform;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import soundstage.core.ErrorMessage;
import soundstage.core.FileKind;
import soundstage.core.SqlScript;
import soundstage.core.Transaction;
import soundstage.core.UserException;
import soundstage.core.Warehouse;

/**
 * Runs one model in one transaction, together with its state in {@code meta.model_state}.
 *
 * <p>A model's state is its watermark: the highest {@code meta.files} file_id whose rows its table
 * reflects. Files get increasing ids from the warehouse's single writer and staged rows carry the
 * file_id of their first copy (a song replaced by a newer version carries the newer file's), so
 * "what changed since the model last ran" is always the rows of the files above its watermark. A
 * run brings the model up to {@code high}: for a staging model the newest registered file, for
 * any other the lowest watermark of the models it reads (a model never runs ahead of its inputs).
 * The model's incremental part gets {@code :low_file_id} (its watermark) and {@code :high_file_id}
 * written into its SQL and merges what those files change: the rows they add, and the
 * partitions (users, days, songs, listeners...) whose results they can change, recomputed from
 * the model's inputs, which makes a merge idempotent. The all-time dashboards add the new plays'
 * counts instead (recomputing would read nearly every play); they stay exact because their
 * tables count the files up to their watermark only, and the watermark moves in the same
 * transaction as the counts.
 *
 * <p>The table's new rows and the new watermark commit together, so a model killed at any moment
 * leaves its table and watermark as they were, and running it again (alone, or in any later run)
 * completes the work. A model with no state yet, or any model under {@code fullRefresh}, is built
 * from scratch (see {@link Model}), and so is a model whose SQL, or the SQL of a model upstream,
 * is not the SQL that built its table (its fingerprint in {@code meta.model_state}: a new
 * version of Soundstage). A model whose watermark is already at {@code high} does
 * nothing and costs one query; one whose inputs all carry file ids and hold no row of the new
 * files only moves its watermark. Not thread-safe: one runner per connection.
 */
public final class ModelRunner {
    /** SOUNDSTAGE_SQL_TIMING=1 prints each model run, with its time, on standard error (as SqlScript does for statements). */
    private static final boolean TIMING = System.getenv("SOUNDSTAGE_SQL_TIMING") != null;
    private final Connection connection;
    private final Watermarks watermarks;
    private final ModelGraph graph;
    /** Per table, which of file_id and source it has: the columns whose statistics a merge refreshes. */
    private final Map<String, List<String>> keyColumns = new HashMap<>();
    private final Map<String, String> fingerprints = new HashMap<>();
    /**
     * What {@link #rowsIn} counted, by input table and file range. The models of one run read the
     * same few tables over the same files (a full refresh: every model over every file), and on
     * PostgreSQL each count is a scan of the table: 6.8 s of a full refresh at 1M events, counting
     * songplays thirteen times. The rows of given files change only when the input's own model
     * runs, which forgets its counts.
     */
    private final Map<String, Long> counted = new HashMap<>();
    /** The model tables that exist, once {@link #tableExists} has listed them. */
    private Set<String> tables;
    /** Whether models' {@code -- index:} columns get an index (see {@link Warehouse#indexesModels} and {@link Model}). */
    private final boolean indexes;

    /** Runs {@code graph}'s models on {@code warehouse}'s connection. */
    public ModelRunner(Warehouse warehouse, ModelGraph graph) {
        this(warehouse.connection(), graph, warehouse.indexesModels());
    }

    /** Runs {@code graph}'s models on {@code session}, one of {@code warehouse}'s {@link Warehouse#openWorker worker sessions}. */
    public static ModelRunner onWorker(Warehouse warehouse, Connection session, ModelGraph graph) {
        return new ModelRunner(session, graph, warehouse.indexesModels());
    }

    private ModelRunner(Connection connection, ModelGraph graph, boolean indexes) {
        this.connection = requireNonNull(connection, "connection is null");
        this.watermarks = Watermarks.ofModels(connection);
        this.graph = requireNonNull(graph, "graph is null");
        this.indexes = indexes;
    }

    /**
     * What one model run did.
     *
     * @param model the model's table
     * @param full whether the table was built from scratch
     * @param low the watermark before (0 for a full build)
     * @param high the watermark after; equal to {@code low} when there was nothing to do
     * @param rowsIn rows of the files in {@code (low, high]} in the model's inputs that carry a file_id
     * @param rowsOut rows inserted, updated or deleted in the model's table (for a full build: the rows it holds)
     * @param millis how long it took
     */
    public record ModelRun(String model, boolean full, long low, long high, long rowsIn, long rowsOut, long millis) {
        public ModelRun {
            requireNonNull(model, "model is null");
        }

        /** Whether the model had nothing to do. */
        public boolean skipped() {
            return !full && low == high;
        }
    }

    /** The watermark of {@code model}, if it ever ran. */
    public OptionalInt watermark(String model) throws SQLException {
        return watermarks.get(model);
    }


    /** The lowest watermark of {@code models}: the file all of them have reached (0 when one never ran or there are none). */
    public int lowestWatermark(List<Model> models) throws SQLException {
        int lowest = Integer.MAX_VALUE;
        for (Model model : models) {
            lowest = Math.min(lowest, watermark(model.name()).orElse(0));
        }
        return lowest == Integer.MAX_VALUE ? 0 : lowest;
    }

    /**
     * Brings {@code model}'s table up to date in one transaction with its watermark, or builds it
     * from scratch when {@code fullRefresh} or when it never ran.
     *
     * @throws IllegalStateException when a model it reads has never run (run that one first)
     * @throws SQLException when its SQL fails; the table and its watermark are then as they were
     */
    public ModelRun run(Model model, int runId, boolean fullRefresh) throws SQLException {
        long started = System.nanoTime();
        forgetCounts(model);
        OptionalInt state = watermark(model.name());
        int high = high(model);
        String fingerprint = fingerprint(model);
        // A table built by other SQL (another version of the model or of a model upstream) is built again.
        boolean changed = state.isPresent() && !fingerprint.equals(storedFingerprint(model.name()));
        // A table dropped by hand (its state kept) is built again from its inputs: nothing else would
        // bring it back. (Not a staging table: a model without a full part fills the table its
        // warehouse's schema made, and cannot make it.)
        boolean missing = state.isPresent() && !fullRefresh && !tableExists(model) && model.hasFullPart();
        if (!fullRefresh && !changed && !missing && state.isPresent() && high <= state.getAsInt()) {
            return new ModelRun(model.name(), false, state.getAsInt(), state.getAsInt(), 0, 0, (System.nanoTime() - started) / 1_000_000);
        }
        // A model without an incremental part is built from scratch whenever it has anything to do.
        boolean full = fullRefresh || changed || missing || state.isEmpty() || model.incrementalPart().isEmpty();
        int low = full ? 0 : state.getAsInt();
        try {
            long[] phases = new long[4];   // when counting, merging, indexing and saving the state ended
            long[] counts = Transaction.run(connection, () -> {
                long rowsIn = rowsIn(model, low, high);
                phases[0] = System.nanoTime();
                // Inputs that all carry file ids and hold no row of the new files: the table cannot change.
                boolean unchanged = !full && rowsIn == 0 && allInputsCarryFileIds(model);
                long rowsOut = full ? build(model, high) : unchanged ? 0 : merge(model, model.incrementalPart().orElseThrow(), low, high);
                phases[1] = System.nanoTime();
                index(model, full || rowsOut > 0);
                phases[2] = System.nanoTime();
                watermarks.save(model.name(), high, runId);
                saveFingerprint(model.name(), fingerprint);
                phases[3] = System.nanoTime();
                return new long[] {rowsIn, rowsOut};
            });
            long ended = System.nanoTime();
            if (tables != null) {
                tables.add(model.name());
            }
            ModelRun run = new ModelRun(model.name(), full, low, high, counts[0], counts[1], (ended - started) / 1_000_000);
            if (TIMING) {
                System.err.printf(Locale.ROOT, "[model %6.3f s] %s: counting %.3f s, SQL %.3f s, indexes %.3f s, state %.3f s, commit %.3f s%n",
                        run.millis() / 1e3, run, (phases[0] - started) / 1e9, (phases[1] - phases[0]) / 1e9, (phases[2] - phases[1]) / 1e9,
                        (phases[3] - phases[2]) / 1e9, (ended - phases[3]) / 1e9);
            }
            return run;
        } catch (SQLException e) {
            if (!full && !RunReport.exists(connection, model.layer(), model.name().substring(model.name().indexOf('.') + 1))) {
                // Dropped by hand during this run, after the tables were listed: built from its inputs instead.
                return run(model, runId, true);
            }
            throw failed(model, e);
        }
    }

    /**
     * Whether {@code model}'s table exists: the model schemas' tables are listed once per runner
     * (one catalog query, not one per model), and a table this runner builds is added.
     */
    private boolean tableExists(Model model) throws SQLException {
        if (tables == null) {
            tables = tablesOf("'staging', 'central', 'analytics', 'dashboard'");
        }
        return tables.contains(model.name());
    }

    /**
     * The tables of {@code schemas} (SQL: quoted names, comma-separated), as schema.table. From the
     * system catalog, which both warehouses have: PostgreSQL's information_schema leaves out the
     * tables this user has no privilege on, which would look dropped.
     */
    private Set<String> tablesOf(String schemas) throws SQLException {
        Set<String> found = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c "
                     + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname IN (" + schemas + ")")) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    /**
     * Refuses to go on when a table that only the warehouse's schema makes is gone (dropped by
     * hand): a source table, or the table of a model without a full part (staging), which fills
     * the table the schema made and cannot make it. No run would make it again: each failed on it
     * with the database's "does not exist", and so did the run's summary after it.
     *
     * @throws UserException naming the missing tables and what to do, before anything changes
     */
    public void requireTablesTheSchemaMade(List<Model> models) throws SQLException {
        Set<String> present = tablesOf("'source', 'staging'");
        List<String> missing = Stream.concat(Arrays.stream(FileKind.values()).map(FileKind::sourceTable),
                        models.stream().filter(model -> !model.hasFullPart()).map(Model::name))
                .filter(table -> !present.contains(table)).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            throw new UserException("This warehouse has no table " + String.join(", no table ", missing) + " (dropped by hand?): its schema made "
                    + (missing.size() == 1 ? "it" : "them") + " when the warehouse was created, and no run makes "
                    + (missing.size() == 1 ? "it" : "them") + " again. Restore the warehouse from a copy, or ingest the files into a new one.");
        }
    }

    /** The failure of {@code model}, in one line; one that a view of the user's caused says what to do about it. */
    private static SQLException failed(Model model, SQLException e) {
        String fix = "2BP01".equals(e.getSQLState())   // dependent_objects_still_exist
                ? ". The model builds its table again here (a first run, a full refresh, a backfill, or its SQL changed), which PostgreSQL "
                        + "refuses while a view of yours reads it: drop that view, run again, then create it again"
                : "";
        return new SQLException("model " + model.name() + " failed: " + ErrorMessage.of(e) + fix, e);
    }

    /**
     * Runs {@code model}'s merge again over the files in {@code (low, high]}, which it already
     * reflects, in one transaction: a backfill. A merge recomputes from the model's inputs the
     * partitions (days, users, songs...) those files touch, so this brings those partitions in
     * line with the model's SQL as it is now, and changes nothing where they already are. The
     * watermark stays; files above it are left to the next run. A model without a merge (built in
     * full every time), or whose merge adds to what the table holds ({@link Model#mergeAdds}), is
     * built in full.
     *
     * @throws IllegalStateException when the model never ran (run it first)
     */
    public ModelRun rerun(Model model, int low, int high) throws SQLException {
        long started = System.nanoTime();
        forgetCounts(model);
        OptionalInt state = watermark(model.name());
        if (state.isEmpty()) {
            throw new IllegalStateException("model " + model.name() + " has never run; run it before backfilling it");
        }
        int top = Math.min(high, state.getAsInt());
        if (top <= low) {
            return new ModelRun(model.name(), false, low, low, 0, 0, (System.nanoTime() - started) / 1_000_000);
        }
        boolean remerges = model.incrementalPart().isPresent() && !model.mergeAdds();
        try {
            long[] counts = Transaction.run(connection, () -> {
                long rowsIn = rowsIn(model, low, top);
                long rowsOut = remerges ? merge(model, model.incrementalPart().get(), low, top) : build(model, state.getAsInt());
                index(model, !remerges || rowsOut > 0);   // a build dropped the table, and its indexes
                return new long[] {rowsIn, rowsOut};
            });
            return new ModelRun(model.name(), !remerges, low, top, counts[0], counts[1], (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw failed(model, e);
        }
    }

    /** The watermark a run of {@code model} reaches: the newest file for a staging model, else the lowest watermark of its inputs. */
    private int high(Model model) throws SQLException {
        List<String> inputs = model.dependsOn().stream().filter(graph::contains).toList();
        if (inputs.isEmpty()) {
            return (int) scalar("SELECT coalesce(max(file_id), 0) FROM meta.files");
        }
        int high = Integer.MAX_VALUE;
        for (String input : inputs) {
            OptionalInt watermark = watermark(input);
            if (watermark.isEmpty()) {
                throw new IllegalStateException("model " + model.name() + " reads " + input + ", which has never run; run " + input + " first");
            }
            high = Math.min(high, watermark.getAsInt());
        }
        return high;
    }

    /** Builds the table from scratch: its full part, or else empties it and runs the incremental part over every file. */
    private long build(Model model, int high) throws SQLException {
        if (!model.hasFullPart()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM " + model.name());
            }
            merge(model, model.incrementalPart().orElseThrow(
                    () -> new IllegalStateException("model " + model.name() + " has neither a full nor an incremental part")), 0, high);
        } else {
            SqlScript.execute(connection, bind(model.fullPart(), 0, high));
        }
        return scalar("SELECT count(*) FROM " + model.name());
    }

    /** Whether no run has brought any model up to date in this warehouse yet (it holds no model state). Reads only. */
    public static boolean neverRun(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM meta.model_state")) {
            rows.next();
            return rows.getLong(1) == 0;
        }
    }

    /**
     * The models of {@code graph}, in order, whose table was not built by their SQL as it is now
     * (another version of Soundstage built it, or none did yet): what the next run rebuilds. Reads
     * only, so a reader may ask; a warehouse from before fingerprints (schema version 5) has every
     * model outdated.
     */
    public static List<String> outdated(Connection connection, ModelGraph graph) throws SQLException {
        ModelRunner runner = new ModelRunner(connection, graph, false);   // reads fingerprints only
        Map<String, String> stored = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT model, fingerprint FROM meta.model_state")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            // Before version 5, meta.model_state had no fingerprint: nothing is known to be current.
        }
        return graph.models().stream().filter(model -> !runner.fingerprint(model).equals(stored.get(model.name()))).map(Model::name).toList();
    }

    /**
     * Which models of {@code graph} are behind the others (see {@link #behind}), as a sentence for
     * people (ends without a period), or null when none is: for {@code status} and {@code export}.
     */
    public static String lag(Connection connection, ModelGraph graph) throws SQLException {
        return lagNote(behind(Watermarks.ofModels(connection).all(), graph), graph);
    }

    /**
     * The models of {@code graph} that have merged fewer files than the furthest one ({@code marks}
     * holds each model's watermark), layer by layer: a run stopped part-way (a failed or interrupted
     * task) or ran part of the graph ({@code --until}, {@code --select}). Empty when every model has
     * merged the same files, as after a whole run (files ingested since leave them all behind alike:
     * that is not lag). A model that never ran (one an upgrade added) is not behind: the next run
     * builds it. Checks that compare one layer with another fail while it is not empty.
     */
    static List<String> behind(Map<String, Integer> marks, ModelGraph graph) {
        int furthest = graph.models().stream().filter(model -> marks.containsKey(model.name())).mapToInt(model -> marks.get(model.name())).max().orElse(0);
        return Stream.of(graph.staging(), graph.central(), graph.downstreamOfCentral()).flatMap(List::stream)   // layer by layer
                .map(Model::name).filter(name -> marks.containsKey(name) && marks.get(name) < furthest).toList();
    }

    /** What {@link #behind} found, as a sentence for people (ends without a period), or null when no model is behind. */
    static String lagNote(List<String> behind, ModelGraph graph) {
        if (behind.isEmpty()) {
            return null;
        }
        return behind.size() + " of " + graph.models().size() + " models are behind the others (" + behind.get(0) + (behind.size() > 1 ? ", ..." : "")
                + "): a run stopped part-way or ran part of the graph, and `soundstage run` brings them up to date";
    }

    /**
     * The file id every model of {@code graph} that has run has reached: the lowest of their
     * watermarks (0 when none has run; {@link #outdated} tells the models that never ran), the high end of what the checks look at and what a backfill needs
     * reached. Only the graph's models count: one taken out of {@code models/index.txt} keeps its
     * row in {@code meta.model_state} but no run moves it any more, and counting it held every
     * later run's checks at its mark (they checked none of the new rows and passed).
     */
    public static int reached(Connection connection, ModelGraph graph) throws SQLException {
        List<String> names = graph.models().stream().map(Model::name).toList();
        if (names.isEmpty()) {
            return 0;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT coalesce(min(watermark), 0) FROM meta.model_state WHERE model IN (" + marks + ")")) {
            for (int i = 0; i < names.size(); i++) {
                select.setString(i + 1, names.get(i));
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /**
     * The fingerprint of {@code model}'s SQL: a SHA-256 of its file (the dialect's, if it has its
     * own) and of the fingerprints of the models it reads, so that a change anywhere upstream
     * changes it too.
     */
    String fingerprint(Model model) {
        // Remembered for the graph's own models only (a caller may pass another version of one).
        boolean ofGraph = graph.contains(model.name()) && graph.model(model.name()) == model;
        String known = fingerprints.get(model.name());
        if (known != null && ofGraph) {
            return known;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(model.sql().getBytes(StandardCharsets.UTF_8));
            for (String input : model.dependsOn().stream().filter(graph::contains).sorted().toList()) {
                digest.update(fingerprint(graph.model(input)).getBytes(StandardCharsets.UTF_8));
            }
            String fingerprint = HexFormat.of().formatHex(digest.digest());
            if (ofGraph) {
                fingerprints.put(model.name(), fingerprint);
            }
            return fingerprint;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private String storedFingerprint(String model) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT fingerprint FROM meta.model_state WHERE model = ?")) {
            select.setString(1, model);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private void saveFingerprint(String model, String fingerprint) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE meta.model_state SET fingerprint = ? WHERE model = ?")) {
            update.setString(1, fingerprint);
            update.setString(2, model);
            update.executeUpdate();
        }
    }

    /**
     * On PostgreSQL (see {@link Model}), creates the model's indexes where they are missing: after
     * every full build (which drops the table), and once on a table built before the model had
     * them. They are the index of the {@code -- index:} columns, and one on {@code file_id} when
     * the table has that column: incremental runs read such tables by file range.
     *
     * <p>Such a table that {@code changed} also gets file_id's statistics now. PostgreSQL refreshes them
     * only once a tenth of a table has changed, so to the planner the rows of an increment's files
     * did not exist (file_id's few values are all in its list of common values, and the new file's
     * was not): it expected one row and chose nested loops. An increment of 30,000 events on 1M
     * took 49 s in {@code analytics.songplays} and 33 s in the check {@code nextsong_exactly_once}.
     *
     * So does {@code source}, where a table has it: {@code analytics.songplays} built from Sparkify
     * events alone held no Spotify play to the planner after the first Spotify files came, and
     * taking out the 2,000 plays of the next export took 1.6-3.7 s in nested loops.
     *
     * <p>A table without file_id that {@code changed} gets the statistics of all its columns (a
     * sample of 30,000 rows, whatever its size): built empty by a first run, then merged into, it
     * had those of an empty table until autovacuum came by, so the next run took
     * {@code central.spotify_streams} of 9,000 rows for one, and merging 2,000 Spotify plays into
     * {@code analytics.songplays} took 6-17 s in nested loops (0.1 s on DuckDB).
     */
    private void index(Model model, boolean changed) throws SQLException {
        if (!indexes) {
            return;
        }
        List<String> columns = model.indexColumns();
        if (!columns.isEmpty()) {
            createIndex(model, columns);
        }
        if (hasFileId(model.name())) {
            if (!columns.equals(List.of("file_id"))) {
                createIndex(model, List.of("file_id"));
            }
            if (changed) {
                try (Statement statement = connection.createStatement()) {   // the whole table's: twice as long
                    statement.execute("ANALYZE " + model.name() + " (" + String.join(", ", keyColumns(model.name())) + ")");
                }
            }
        } else if (changed) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE " + model.name());
            }
        }
    }

    private void createIndex(Model model, List<String> columns) throws SQLException {
        String table = model.name().substring(model.name().indexOf('.') + 1);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX IF NOT EXISTS " + table + "_" + String.join("_", columns)
                    + " ON " + model.name() + " (" + String.join(", ", columns) + ")");
        }
    }

    /** Runs {@code sql} over the files in {@code (low, high]}; returns the rows its statements changed in the model's table. */
    private long merge(Model model, String sql, int low, int high) throws SQLException {
        Pattern writes = Pattern.compile("(?i)^(INSERT INTO|DELETE FROM|UPDATE)\\s+" + Pattern.quote(model.name()) + "\\b.*");
        analyzeSources(model);
        return SqlScript.execute(connection, bind(withStatistics(sql, indexes), low, high), first -> writes.matcher(first).matches());
    }

    private static final Pattern TEMP_TABLE = Pattern.compile("(?i)^CREATE\\s+TEMP(ORARY)?\\s+TABLE\\s+(\\w+)\\s+AS\\b.*");

    /**
     * On PostgreSQL, {@code sql} with an {@code ANALYZE} after each temporary table it makes:
     * autovacuum never analyzes temporary tables, so the planner guessed their sizes. A day's file
     * delivered again with one more line (60,000 events, every one a copy) took staging 79-100 s in
     * nested loops; about 1 s with statistics. The tables hold the new rows only: cheap to analyze.
     */
    static String withStatistics(String sql, boolean indexes) {
        if (!indexes) {
            return sql;
        }
        StringBuilder out = new StringBuilder();
        for (String statement : SqlScript.statements(sql)) {
            out.append(statement).append(";\n");
            String first = statement.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("--")).findFirst().orElse("").strip();
            Matcher temp = TEMP_TABLE.matcher(first);
            if (temp.matches()) {
                out.append("ANALYZE ").append(temp.group(2)).append(";\n");
            }
        }
        return out.toString();
    }

    /**
     * On PostgreSQL, file_id's statistics of the source tables a staging model reads: ingest adds
     * rows without them, and autovacuum takes them only once a tenth of a table changed, so the
     * planner expected one row of the new files (see {@link #index}).
     */
    private void analyzeSources(Model model) throws SQLException {
        if (!indexes) {
            return;
        }
        for (String input : model.dependsOn()) {
            if (input.startsWith("source.")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE " + input + " (file_id)");
                }
            }
        }
    }

    /** Writes the file range into {@code sql}: file ids are numbers, so nothing else can be written into it. */
    static String bind(String sql, int low, int high) {
        return sql.replace(":low_file_id", Integer.toString(low)).replace(":high_file_id", Integer.toString(high));
    }

    /** Rows of the files in {@code (low, high]} in the model's inputs that carry a file_id. */
    private long rowsIn(Model model, int low, int high) throws SQLException {
        long rows = 0;
        for (String input : model.dependsOn()) {
            if (hasFileId(input)) {
                String key = input + " " + low + " " + high;
                Long count = counted.get(key);
                if (count == null) {
                    count = scalar("SELECT count(*) FROM " + input + " WHERE file_id > " + low + " AND file_id <= " + high);
                    counted.put(key, count);
                }
                rows += count;
            }
        }
        return rows;
    }

    /** Forgets the counts of {@code model}'s table, which its run is about to change. */
    private void forgetCounts(Model model) {
        counted.keySet().removeIf(key -> key.startsWith(model.name() + " "));
    }

    private boolean allInputsCarryFileIds(Model model) throws SQLException {
        for (String input : model.dependsOn()) {
            if (!hasFileId(input)) {
                return false;
            }
        }
        return true;
    }

    private boolean hasFileId(String table) throws SQLException {
        return keyColumns(table).contains("file_id");
    }

    private List<String> keyColumns(String table) throws SQLException {
        List<String> known = keyColumns.get(table);
        if (known == null) {
            List<String> found = new java.util.ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name IN ('file_id', 'source') "
                            + "ORDER BY column_name")) {
                select.setString(1, table.substring(0, table.indexOf('.')));
                select.setString(2, table.substring(table.indexOf('.') + 1));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            known = List.copyOf(found);
            keyColumns.put(table, known);
        }
        return known;
    }

    private long scalar(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
