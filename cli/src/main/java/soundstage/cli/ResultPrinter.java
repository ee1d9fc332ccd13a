package soundstage.cli;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import soundstage.core.Csv;

/** Prints query results: as CSV for scripts, or as an aligned text table for people. */
final class ResultPrinter {
    private ResultPrinter() {
    }

    /** RFC 4180 CSV with a header line; NULL is an empty field. Streams: memory stays flat. */
    static long csv(ResultSet rows, PrintWriter out) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
            line.append(i > 1 ? "," : "").append(Csv.field(meta.getColumnLabel(i)));
        }
        out.println(line);
        long count = 0;
        while (rows.next()) {
            line.setLength(0);
            for (int i = 1; i <= columns; i++) {
                String value = rows.getString(i);
                line.append(i > 1 ? "," : "").append(value == null ? "" : Csv.field(value));
            }
            out.println(line);
            count++;
        }
        out.flush();
        return count;
    }

    /** An aligned table of at most {@code limit} rows, numbers right-aligned. */
    static void table(ResultSet rows, PrintWriter out, int limit) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        List<String> header = new ArrayList<>();
        boolean[] numeric = new boolean[columns];
        for (int i = 1; i <= columns; i++) {
            header.add(meta.getColumnLabel(i));
            String type = meta.getColumnTypeName(i).toUpperCase(java.util.Locale.ROOT);
            numeric[i - 1] = type.contains("INT") || type.contains("DOUBLE") || type.contains("DECIMAL") || type.contains("FLOAT")
                    || type.contains("NUMERIC") || type.equals("REAL");
        }
        List<List<String>> body = new ArrayList<>();
        while (body.size() < limit && rows.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                String value = rows.getString(i);
                row.add(value == null ? "" : value);
            }
            body.add(row);
        }
        table(header, body, numeric, out);
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
