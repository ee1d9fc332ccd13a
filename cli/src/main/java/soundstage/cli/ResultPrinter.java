package soundstage.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import soundstage.core.Csv;

/**
 * Prints query results: as CSV for scripts, or as an aligned text table for people. Values are
 * written the same way whichever database answered (the drivers' own text differs: PostgreSQL
 * writes {@code t}, {@code 1} and {@code 1538655813862} where DuckDB writes {@code true},
 * {@code 1.0} and {@code 1.538655813862E12}): booleans as {@code true}/{@code false}, floating
 * point numbers in plain notation without a trailing {@code .0}, timestamps as
 * {@code 2018-11-01 21:00:00.796} (fraction only when there is one; with a time zone, in UTC
 * followed by {@code Z}).
 */
final class ResultPrinter {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private ResultPrinter() {
    }

    /** Reads one column of the current row as text; null for SQL NULL. */
    @FunctionalInterface
    private interface Cell {
        String read(ResultSet rows, int column) throws SQLException;
    }

    private static Cell[] cells(ResultSetMetaData meta) throws SQLException {
        Cell[] cells = new Cell[meta.getColumnCount()];
        for (int i = 1; i <= cells.length; i++) {
            // By type name too: pgjdbc calls timestamptz TIMESTAMP and booleans BIT, DuckDB its 4-byte FLOAT FLOAT.
            String name = meta.getColumnTypeName(i).toLowerCase(Locale.ROOT);
            int type = meta.getColumnType(i);
            if (name.equals("timestamptz") || name.equals("timestamp with time zone")) {
                type = Types.TIMESTAMP_WITH_TIMEZONE;
            } else if (name.equals("float4") || name.equals("float") || name.equals("real")) {
                type = Types.REAL;
            } else if (name.startsWith("bool")) {
                type = Types.BOOLEAN;
            }
            cells[i - 1] = switch (type) {
                case Types.BOOLEAN -> ResultPrinter::bool;
                case Types.DOUBLE, Types.FLOAT -> (rows, column) -> {
                    double value = rows.getDouble(column);
                    return rows.wasNull() ? null : number(value, Double.toString(value));
                };
                case Types.REAL -> (rows, column) -> {
                    float value = rows.getFloat(column);
                    return rows.wasNull() ? null : number(value, Float.toString(value));
                };
                case Types.TIMESTAMP -> (rows, column) -> timestamp(rows, column, false);
                case Types.TIMESTAMP_WITH_TIMEZONE -> (rows, column) -> timestamp(rows, column, true);
                case Types.TIME -> (rows, column) -> {
                    LocalTime value = rows.getObject(column, LocalTime.class);
                    return value == null ? null : TIME.format(value) + fraction(value.getNano());
                };
                default -> ResultSet::getString;
            };
        }
        return cells;
    }

    /**
     * A timestamp as {@code 2018-11-01 21:00:00.796}; {@code zoned}: in UTC, followed by Z.
     * Infinite ones as {@code infinity} and {@code -infinity}: pgjdbc writes them as those words
     * (as a date-time it gives LocalDateTime.MAX or fails to convert), DuckDB's come as the extreme
     * microsecond counts (see {@link #infinity(int)}).
     */
    private static String timestamp(ResultSet rows, int column, boolean zoned) throws SQLException {
        String text = rows.getString(column);
        if (text == null) {
            return null;
        }
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (word.equals("infinity") || word.equals("-infinity")) {
            return word;
        }
        LocalDateTime value = zoned ? rows.getObject(column, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                : rows.getObject(column, LocalDateTime.class);
        String extreme = infinity(value.getYear());
        return extreme != null ? extreme : SECONDS.format(value) + fraction(value.getNano()) + (zoned ? "Z" : "");
    }

    /** DuckDB's infinities come as the extreme microsecond counts, around year 294247 and -290308. */
    private static String infinity(int year) {
        return year > 200_000 ? "infinity" : year < -200_000 ? "-infinity" : null;
    }

    private static String bool(ResultSet rows, int column) throws SQLException {
        boolean value = rows.getBoolean(column);
        return rows.wasNull() ? null : Boolean.toString(value);
    }

    /** Plain notation ({@code 1538655813862}, {@code 200.5}, {@code 0.0001}); very large or small values as Java writes them ({@code 1.0E-7}). */
    private static String number(double value, String javaText) {
        if (!Double.isFinite(value)) {
            return javaText;
        }
        double size = Math.abs(value);
        if (size != 0 && (size < 1e-4 || size >= 1e16)) {
            return javaText;
        }
        String plain = new BigDecimal(javaText).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }

    private static String fraction(int nanos) {
        if (nanos == 0) {
            return "";
        }
        String digits = String.format(Locale.ROOT, "%09d", nanos);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }

    /** RFC 4180 CSV with a header line; NULL is an empty field. Streams: memory stays flat. */
    static long csv(ResultSet rows, PrintWriter out) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        Cell[] cells = cells(meta);
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
            line.append(i > 1 ? "," : "").append(Csv.field(meta.getColumnLabel(i)));
        }
        out.println(line);
        long count = 0;
        while (rows.next()) {
            line.setLength(0);
            for (int i = 1; i <= columns; i++) {
                String value = cells[i - 1].read(rows, i);
                line.append(i > 1 ? "," : "").append(value == null ? "" : Csv.field(value));
            }
            out.println(line);
            count++;
            if ((count & 1023) == 0 && out.checkError()) {
                throw new OutputFailed();   // a pipe whose reader stopped (head -1) read the whole result on, a full disk took it in part
            }
        }
        out.flush();
        return count;
    }

    /**
     * The output could not be written: a full disk, or a pipe whose reader stopped reading.
     * (A {@link PrintWriter} keeps its IO errors to itself; {@link PrintWriter#checkError} tells.)
     */
    static final class OutputFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final String MESSAGE = "soundstage: the output could not be written (a full disk, or a pipe whose reader stopped reading): "
                + "what was written is incomplete.";

        OutputFailed() {
            super(MESSAGE);
        }
    }

    /** An aligned table of at most {@code limit} rows, numbers right-aligned; returns how many rows it printed. */
    static int table(ResultSet rows, PrintWriter out, int limit) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        Cell[] cells = cells(meta);
        List<String> header = new ArrayList<>();
        boolean[] numeric = new boolean[columns];
        for (int i = 1; i <= columns; i++) {
            header.add(meta.getColumnLabel(i));
            String type = meta.getColumnTypeName(i).toUpperCase(Locale.ROOT);
            numeric[i - 1] = type.contains("INT") || type.contains("DOUBLE") || type.contains("DECIMAL") || type.contains("FLOAT")
                    || type.contains("NUMERIC") || type.equals("REAL");
        }
        List<List<String>> body = new ArrayList<>();
        while (body.size() < limit && rows.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                String value = cells[i - 1].read(rows, i);
                row.add(value == null ? "" : value);
            }
            body.add(row);
        }
        table(header, body, numeric, out);
        return body.size();
    }

    static void table(List<String> header, List<List<String>> body, boolean[] numeric, PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : body) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
            // Long text is cut, except in the last column, which nothing follows.
            widths[i] = i == header.size() - 1 ? widths[i] : Math.min(widths[i], 60);
        }
        printRow(header, widths, new boolean[header.size()], out);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i > 0 ? "-+-" : "").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (List<String> row : body) {
            printRow(row, widths, numeric, out);
        }
        out.flush();
    }

    private static void printRow(List<String> cells, int[] widths, boolean[] right, PrintWriter out) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (cell.length() > widths[i]) {
                cell = cell.substring(0, widths[i] - 1) + "…";
            }
            String pad = " ".repeat(widths[i] - cell.length());
            line.append(i > 0 ? " | " : "").append(right[i] ? pad + cell : cell + pad);
        }
        out.println(line.toString().stripTrailing());
    }
}
