package soundstage.export;

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
 */
public record ExportSummary(int tables, int partitions, int written, int unchanged, int removed, long bytes) {
}
