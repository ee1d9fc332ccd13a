package soundstage.export;

import java.time.YearMonth;
import java.util.Comparator;
import java.util.Locale;

/**
 * One file of a table in the lake: the rows of one month of its partition column, the rows whose
 * partition column is NULL or infinite ({@code infinity}, {@code -infinity}: no month holds
 * them), or (for a table without a partition column) all its rows.
 *
 * <p>Folders are Hive-style ({@code year=2019/month=03}), so DuckDB, Spark, Trino and pandas read
 * {@code year} and {@code month} as columns. Rows without a date go to
 * {@code year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__}, the name Hive, Spark
 * and DuckDB write for NULL and read back as NULL; an infinite date goes there too.
 *
 * @param month the month, or null for the NULL partition and for a whole table
 * @param split whether the table is split by month (false: a whole table, one file)
 */
record Partition(YearMonth month, boolean split) implements Comparable<Partition> {
    static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";
    private static final Comparator<Partition> ORDER = Comparator.comparing(Partition::split)
            .thenComparing(Partition::month, Comparator.nullsLast(Comparator.naturalOrder()));

    Partition {
        if (month != null && !split) {
            throw new IllegalArgumentException("a whole table has no month");
        }
    }

    /** All rows of a table that is not split. */
    static Partition whole() {
        return new Partition(null, false);
    }

    static Partition of(YearMonth month) {
        return new Partition(month, true);
    }

    /** The rows whose partition column is NULL or infinite. */
    static Partition nullValue() {
        return new Partition(null, true);
    }

    /** The folder below the table's folder: {@code year=2019/month=03}, or empty for a whole table. */
    String folder() {
        if (!split) {
            return "";
        }
        if (month == null) {
            return "year=" + NULL_VALUE + "/month=" + NULL_VALUE;
        }
        return String.format(Locale.ROOT, "year=%d/month=%02d", month.getYear(), month.getMonthValue());
    }

    /**
     * The SQL condition that selects this partition's rows of {@code table}, or an empty string
     * for a whole table. A month is a range of its partition value, so an index or DuckDB's
     * min-max statistics can skip the other months.
     */
    String condition(LakeTable table) {
        if (!split) {
            return "";
        }
        String value = table.partitionValue();
        if (month == null) {
            // infinity and -infinity are in no month either (see Fingerprints)
            return "(" + value + " IS NULL OR NOT isfinite(" + value + "))";
        }
        return value + " >= " + firstInstant(month) + " AND " + value + " < " + firstInstant(month.plusMonths(1));
    }

    private static String firstInstant(YearMonth month) {
        return String.format(Locale.ROOT, "TIMESTAMP '%04d-%02d-01 00:00:00'", month.getYear(), month.getMonthValue());
    }

    @Override
    public int compareTo(Partition other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return split ? folder() : "whole table";
    }
}
