package soundstage.export;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import soundstage.core.Progress;
import soundstage.core.UserException;
import soundstage.core.Warehouse;

/**
 * Writes the warehouse's {@code central} and {@code analytics} tables to a folder of flat files,
 * the lake, and keeps it up to date; the folder is local, or a key prefix of an S3 bucket
 * ({@link S3Lake}):
 *
 * <pre>
 * DIR/central/spotify_streams/year=2019/month=03/part.parquet   a month of a partitioned table
 * DIR/analytics/users/part.parquet                              a table that is not partitioned
 * DIR/_soundstage/manifest.json                                 every file with its rows' fingerprint
 * </pre>
 *
 * <p>Which tables are split by month, and by which column, is {@code partition-columns.txt}.
 * Each export compares every partition's fingerprint (row count and an order-independent hash,
 * computed inside the warehouse) with the manifest and writes only the files whose rows changed;
 * files whose rows are gone (a month, a table, the other format) are deleted. Each file is
 * written under a hidden temporary name and renamed into place (see {@link LakeFolder}; on S3 one
 * {@code PUT} makes it visible whole), and the
 * manifest is written after each table that changed, so the export after a killed one redoes at
 * most the table that was being written. All reads happen in one snapshot of the
 * warehouse, so fingerprints and files describe the same rows.
 *
 * <p>Not thread-safe; the warehouse is used from one thread.
 */
public final class LakeExporter {
    /** A partition's file below its table's folder, as {@link Partition#folder()} and {@link LakeFormat#fileName()} name it; group 1 its format. */
    private static final Pattern PARTITION_FILE = Pattern.compile(
            "(?:year=(?:-?[0-9]+|" + Partition.NULL_VALUE + ")/month=(?:[0-9]{2}|" + Partition.NULL_VALUE + ")/)?part\\.([a-z]+)");

    private final Warehouse warehouse;
    private final Supplier<S3Settings> s3;

    /** An exporter that reaches S3 with the AWS settings of this process ({@link S3Settings#fromEnvironment}). */
    public LakeExporter(Warehouse warehouse) {
        this(warehouse, S3Settings::fromEnvironment);
    }

    /** @param s3 how to reach S3, asked only for a lake there */
    public LakeExporter(Warehouse warehouse, Supplier<S3Settings> s3) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.s3 = requireNonNull(s3, "s3 is null");
    }

    /**
     * Refuses a warehouse with nothing to export yet (no run has built its tables), so that a
     * caller can refuse before it records anything: a mistake, not an export that failed.
     */
    public void requireTables() throws SQLException {
        if (TableCatalog.read(warehouse.connection()).isEmpty()) {
            throw nothingToExport();
        }
    }

    private UserException nothingToExport() {
        return new UserException("Warehouse '" + warehouse.address() + "' has no tables in the central or analytics schemas to export yet. "
                + "Run 'soundstage run' first, then export.");
    }

    /** As {@link #export(LakeLocation, LakeFormat, Progress)} into a local folder. */
    public ExportSummary export(Path dir, LakeFormat format, Progress progress) throws SQLException, IOException {
        return export(new LakeLocation.Folder(dir), format, progress);
    }

    /**
     * Brings the lake at {@code to} up to date with the warehouse, in {@code format}. Exporting
     * in the other format into the same place replaces every file.
     *
     * @param progress told files written so far, of those to write
     * @throws UserException when {@code to} cannot hold a lake (a file, a folder or prefix with
     *     other content, not writable, being written by another export, a bucket that is missing
     *     or refuses access) or the warehouse has no table to export
     */
    public ExportSummary export(LakeLocation to, LakeFormat format, Progress progress) throws SQLException, IOException {
        requireNonNull(format, "format is null");
        Target target = new Target(to, to instanceof LakeLocation.S3 ? s3.get() : null);
        target.check();
        try (Warehouse.ReadSnapshot snapshot = warehouse.readSnapshot()) {
            Connection reader = snapshot.connection();
            if (warehouse.writesLakeFiles()) {
                PartitionCopy.prepare(reader);
                return export(reader, target, format, progress, lake -> new DirectCopy(reader));
            }
            return export(reader, target, format, progress, lake -> new StreamedCopy(reader, lake.scratch()));
        }
    }

    /**
     * Checks, without changing anything, that {@code to} can hold a lake (with the AWS settings of
     * this process for S3), as {@link #export(LakeLocation, LakeFormat, Progress)} does first:
     * for a command to call before it takes the warehouse, so that an unreachable store does not
     * hold the writer lock while the client gives up.
     *
     * @throws UserException as {@code export} does for a location that cannot hold a lake
     */
    public static void check(LakeLocation to) throws IOException {
        new Target(to, to instanceof LakeLocation.S3 ? S3Settings.fromEnvironment() : null).check();
    }

    @FunctionalInterface
    private interface CopyFactory {
        PartitionCopy open(Lake lake) throws SQLException;
    }

    /** Where the lake is, and how to reach it when it is on S3. */
    private record Target(LakeLocation location, S3Settings s3) {
        /** Checks, without changing anything, that the location can hold a lake. */
        void check() throws IOException {
            if (location instanceof LakeLocation.S3 bucket) {
                S3Lake.check(bucket, s3);
            } else {
                LakeFolder.check(((LakeLocation.Folder) location).path());
            }
        }

        Lake open() throws IOException {
            return location instanceof LakeLocation.S3 bucket ? S3Lake.open(bucket, s3) : LakeFolder.open(((LakeLocation.Folder) location).path());
        }
    }

    /** One table's partitions now, and those whose file must be written. */
    record Plan(LakeTable table, SortedMap<Partition, Fingerprint> partitions, Set<Partition> toWrite) {
    }

    private ExportSummary export(Connection reader, Target target, LakeFormat format, Progress progress, CopyFactory copies)
            throws SQLException, IOException {
        List<LakeTable> tables = TableCatalog.read(reader);
        if (tables.isEmpty()) {
            throw nothingToExport();
        }
        try (Lake lake = target.open(); PartitionCopy copy = copies.open(lake)) {
            Manifest before = lake.readManifest();
            List<Plan> plans = new ArrayList<>();
            int toWrite = 0;
            for (LakeTable table : tables) {
                Plan plan = plan(lake, before, table, Fingerprints.of(reader, warehouse.dialect(), table), format);
                plans.add(plan);
                toWrite += plan.toWrite().size();
            }
            return write(lake, before, plans, toWrite, copy, format, progress);
        }
    }

    private static Plan plan(Lake lake, Manifest before, LakeTable table, SortedMap<Partition, Fingerprint> partitions, LakeFormat format)
            throws IOException {
        Manifest.TableFiles written = before.tables().get(table.qualifiedName());
        boolean sameColumns = written != null && written.columns().equals(table.columnSignature());
        Set<Partition> toWrite = new HashSet<>();
        for (Map.Entry<Partition, Fingerprint> partition : partitions.entrySet()) {
            String file = file(table, partition.getKey(), format);
            Manifest.FileEntry entry = sameColumns ? written.files().get(file) : null;
            if (entry == null || !unchanged(lake, file, entry, partition.getValue())) {
                toWrite.add(partition.getKey());
            }
        }
        return new Plan(table, partitions, toWrite);
    }

    /** Whether {@code file} holds the rows of {@code now}: same fingerprint as when written, and still there, at the size written. */
    private static boolean unchanged(Lake lake, String file, Manifest.FileEntry entry, Fingerprint now) throws IOException {
        OptionalLong size = lake.size(file);
        return entry.rows() == now.rows() && entry.hash().equals(now.hash()) && size.isPresent() && size.getAsLong() == entry.bytes();
    }

    /** Writes the files of {@code plans} into {@code lake}, whose manifest was {@code before}; package-private for tests. */
    static ExportSummary write(Lake lake, Manifest before, List<Plan> plans, int toWrite, PartitionCopy copy, LakeFormat format,
                                       Progress progress) throws SQLException, IOException {
        SortedMap<String, Manifest.TableFiles> state = new TreeMap<>(before.tables());
        int written = 0;
        int removed = 0;
        int partitions = 0;
        long bytes = 0;
        // The manifest names the format before any file of it is published: an export killed
        // half-way through a change of format, or through the first export, leaves a manifest of
        // its format, so the next export of the other format sees a change. An export whose
        // format the manifest does not name (a change, or a lake without a manifest: its first
        // export was killed, or a user deleted it) clears the other formats' files, those the
        // manifest does not list included, from the folders of the tables it writes.
        boolean formatKnown = format.cliName().equals(before.format());
        if (!formatKnown) {
            lake.writeManifest(new Manifest(Manifest.VERSION, format.cliName(), state));
        }
        progress.update(0, toWrite);
        for (Plan plan : plans) {
            LakeTable table = plan.table();
            Manifest.TableFiles old = before.tables().get(table.qualifiedName());
            SortedMap<String, Manifest.FileEntry> files = new TreeMap<>();
            for (Map.Entry<Partition, Fingerprint> partition : plan.partitions().entrySet()) {
                String file = file(table, partition.getKey(), format);
                Fingerprint fingerprint = partition.getValue();
                Manifest.FileEntry entry;
                if (plan.toWrite().contains(partition.getKey())) {
                    Path temporary = lake.temporary(file);
                    try {
                        copy.write(table, partition.getKey(), format, temporary);
                    } catch (SQLException | RuntimeException e) {
                        discard(lake, temporary, e);
                        throw e;
                    }
                    entry = new Manifest.FileEntry(fingerprint.rows(), fingerprint.hash(), lake.publish(temporary, file));
                    written++;
                    progress.update(written, toWrite);
                } else {
                    entry = old.files().get(file);
                }
                files.put(file, entry);
                bytes += entry.bytes();
            }
            partitions += files.size();
            SortedSet<String> unwanted = new TreeSet<>();
            if (old != null) {
                old.files().keySet().stream().filter(file -> !files.containsKey(file)).forEach(unwanted::add);
            }
            if (!formatKnown) {
                // What the folder holds, not what a manifest says: the files of a killed export are
                // in no manifest, and one killed after it deleted a file still lists it.
                List<String> present = lake.files(table.folder());
                unwanted.retainAll(present);
                present.stream().filter(file -> ofAnotherFormat(table, file, format)).forEach(unwanted::add);
            }
            for (String file : unwanted) {
                lake.delete(file);
                removed++;
            }
            Manifest.TableFiles now = new Manifest.TableFiles(table.columnSignature(),
                    table.partitioned() ? table.partitionColumn().name() : null, files);
            // The format too: a partitioned table without rows has no file, in either format.
            if (!now.equals(old) || !format.cliName().equals(before.format())) {
                state.put(table.qualifiedName(), now);
                lake.writeManifest(new Manifest(Manifest.VERSION, format.cliName(), state));
            }
        }
        List<String> exported = plans.stream().map(p -> p.table().qualifiedName()).toList();
        for (Map.Entry<String, Manifest.TableFiles> gone : before.tables().entrySet()) {
            if (!exported.contains(gone.getKey())) {
                for (String file : gone.getValue().files().keySet()) {
                    lake.delete(file);
                    removed++;
                }
                state.remove(gone.getKey());
                lake.writeManifest(new Manifest(Manifest.VERSION, format.cliName(), state));
            }
        }
        return new ExportSummary(plans.size(), partitions, written, partitions - written, removed, bytes, strays(lake, plans, state));
    }

    /**
     * Deletes the temporary file of a write that failed. The write's error says why the export
     * failed; when deleting the file (or the folders made for it) fails too, that is added to it
     * as suppressed rather than thrown in its place ("Operation not permitted" on the folder
     * replaced DuckDB's "Permission denied" on the file).
     */
    private static void discard(Lake lake, Path temporary, Exception failure) {
        try {
            lake.discard(temporary);
        } catch (IOException | RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /**
     * The files in the folders of the exported tables that the manifest does not list (a copy
     * such as {@code part (1).parquet}, a file put there by hand), other than those in or under a
     * name that starts with '.' or '_' (Spark's {@code _SUCCESS} and {@code _temporary/}: Spark,
     * Hive and pyarrow skip them).
     */
    private static List<String> strays(Lake lake, List<Plan> plans, SortedMap<String, Manifest.TableFiles> state) throws IOException {
        List<String> strays = new ArrayList<>();
        for (Plan plan : plans) {
            Manifest.TableFiles listed = state.get(plan.table().qualifiedName());
            String folder = plan.table().folder() + "/";
            for (String file : lake.files(plan.table().folder())) {
                boolean skipped = Arrays.stream(file.substring(folder.length()).split("/")).anyMatch(part -> part.startsWith(".") || part.startsWith("_"));
                if (!skipped && (listed == null || !listed.files().containsKey(file))) {
                    strays.add(file);
                }
            }
        }
        return strays;
    }

    /**
     * Whether {@code file} (relative to the lake's root) is named as an export names the file of
     * a partition of {@code table} in a format other than {@code format}: {@code part.json} in
     * the table's folder or in a {@code year=.../month=...} folder of it. Only such files are
     * deleted without the manifest listing them; a user's other files are strays, left alone.
     */
    private static boolean ofAnotherFormat(LakeTable table, String file, LakeFormat format) {
        Matcher name = PARTITION_FILE.matcher(file.substring(table.folder().length() + 1));
        return name.matches() && !name.group(1).equals(format.cliName())
                && Arrays.stream(LakeFormat.values()).anyMatch(other -> other.cliName().equals(name.group(1)));
    }

    /** The path of a partition's file, relative to the lake's root. */
    private static String file(LakeTable table, Partition partition, LakeFormat format) {
        String folder = partition.folder();
        return table.folder() + "/" + (folder.isEmpty() ? "" : folder + "/") + format.fileName();
    }
}
