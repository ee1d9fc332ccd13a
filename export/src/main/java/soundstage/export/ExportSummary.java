package soundstage.export;

import java.util.List;
import java.util.Optional;

/**
 * What one export did.
 *
 * @param tables tables exported (every table of the {@code central} and {@code analytics} schemas)
 * @param partitions files the lake holds now: one per month (and one for rows without a date) of
 *     a partitioned table, one per other table
 * @param written files written because their rows changed, or are new, or were missing
 * @param unchanged files left as they were: same rows as when they were written
 * @param removed files deleted: their month has no rows any more, their table is gone, or they
 *     were in the format of an earlier export
 * @param bytes the size of all the lake's files now
 * @param strays files in the tables' folders that the lake does not list (relative to its root,
 *     sorted): not written by an export, so left alone, but read by whoever reads a table's
 *     folder with a glob
 */
public record ExportSummary(int tables, int partitions, int written, int unchanged, int removed, long bytes, List<String> strays) {
    public ExportSummary {
        strays = List.copyOf(strays);
    }

    /** A summary of an export into a lake that holds only its own files. */
    public ExportSummary(int tables, int partitions, int written, int unchanged, int removed, long bytes) {
        this(tables, partitions, written, unchanged, removed, bytes, List.of());
    }

    /**
     * A warning for a person about {@link #strays}, or empty when there are none: a reader that
     * globs a table's folder ({@code analytics/time/**\/*.parquet}) reads them with the table's rows.
     * The globs it names are those that read them and that readers should use, by extension
     * ({@code **\/*.parquet}): a bare {@code **} also reads an export's hidden temporary files.
     */
    public Optional<String> straysWarning() {
        if (strays.isEmpty()) {
            return Optional.empty();
        }
        String first = strays.get(0);
        // schema/table/...: the tables' folders, as their globs
        List<String> folders = strays.stream().map(ExportSummary::glob).distinct().toList();
        return Optional.of("the lake holds " + (strays.size() == 1 ? "a file" : strays.size() + " files") + " that no export wrote ('" + first + "'"
                + (strays.size() > 1 ? " and " + (strays.size() - 1) + " more" : "") + "); whoever reads " + (folders.size() == 1 ? "a table's folder" : "the tables' folders")
                + " with a glob (" + String.join(", ", folders) + ") reads " + (strays.size() == 1 ? "it" : "them") + " as rows of the table. Move "
                + (strays.size() == 1 ? "it" : "them") + " out of the lake.");
    }

    /** The glob of the table's folder (schema/table/...) that reads {@code stray}: {@code 'analytics/users/**\/*.parquet'}. */
    private static String glob(String stray) {
        String[] parts = stray.split("/");
        String name = parts[parts.length - 1];
        int dot = name.lastIndexOf('.');
        return "'" + parts[0] + "/" + parts[1] + "/**" + (dot > 0 ? "/*" + name.substring(dot) : "") + "'";
    }
}
