package soundstage.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import soundstage.core.Csv;
import soundstage.serve.Endpoint.Query;

/**
 * An endpoint's answer, rendered once: the body bytes and their content type. JSON is
 * {@code {"rows": [{"column": value, ...}, ...]}}, numbers as numbers, dates as {@code YYYY-MM-DD},
 * times as ISO {@code YYYY-MM-DDTHH:MM:SS} (UTC); CSV has a header line and quotes where needed.
 */
record Answer(byte[] body, String contentType) {
    private static final JsonFactory JSON = new JsonFactory();

    /** Runs {@code query} on {@code connection} and renders the rows as JSON or CSV. */
    static Answer of(Connection connection, Query query, boolean csv) throws SQLException {
        try (PreparedStatement statement = query.prepare(connection)) {
            try (ResultSet rows = statement.executeQuery()) {
                Cells cells = new Cells() {
                    @Override
                    public boolean next() throws SQLException {
                        return rows.next();
                    }

                    @Override
                    public Object get(int column) throws SQLException {
                        return rows.getObject(column + 1);
                    }
                };
                return csv ? csv(columns(rows), cells) : json(columns(rows), cells);
            }
        }
    }

    /** Renders rows computed here rather than read from a query: {@code rows}' values in the order of {@code columns}. */
    static Answer of(List<String> columns, List<Object[]> rows, boolean csv) {
        Cells cells = new Cells() {
            private int row = -1;

            @Override
            public boolean next() {
                return ++row < rows.size();
            }

            @Override
            public Object get(int column) {
                return rows.get(row)[column];
            }
        };
        try {
            return csv ? csv(columns, cells) : json(columns, cells);
        } catch (SQLException e) {
            throw new IllegalStateException(e);   // the rows are in memory: nothing to read
        }
    }

    /** The rows to render, one after the other. */
    private interface Cells {
        /** Moves to the next row; false after the last. */
        boolean next() throws SQLException;

        /** The current row's value of a column (0 for the first). */
        Object get(int column) throws SQLException;
    }

    private static List<String> columns(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        return names;
    }

    private static Answer json(List<String> columns, Cells rows) throws SQLException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayFieldStart("rows");
            while (rows.next()) {
                out.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    out.writeFieldName(columns.get(i));
                    Object value = plain(rows.get(i));
                    if (value == null) {
                        out.writeNull();
                    } else if (value instanceof Boolean flag) {
                        out.writeBoolean(flag);
                    } else if (value instanceof BigDecimal number) {
                        out.writeNumber(number);
                    } else if (value instanceof BigInteger number) {
                        out.writeNumber(number);
                    } else if (value instanceof Double || value instanceof Float) {
                        out.writeNumber(((Number) value).doubleValue());
                    } else if (value instanceof Number number) {
                        out.writeNumber(number.longValue());
                    } else {
                        out.writeString(value.toString());
                    }
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Answer(bytes.toByteArray(), "application/json; charset=utf-8");
    }

    private static Answer csv(List<String> columns, Cells rows) throws SQLException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            List<String> cells = new ArrayList<>(columns);
            line(out, cells);
            while (rows.next()) {
                cells.clear();
                for (int i = 0; i < columns.size(); i++) {
                    Object value = plain(rows.get(i));
                    cells.add(value == null ? "" : value instanceof String text ? inert(text) : value.toString());
                }
                line(out, cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Answer(bytes.toByteArray(), "text/csv; charset=utf-8");
    }

    /**
     * Text as a spreadsheet shows it without running it: a leading {@code = + - @}, tab or
     * carriage return (a song titled {@code =HYPERLINK(...)}) makes a cell a formula when the
     * download is opened, so such text gets a leading apostrophe, as OWASP advises. Numbers are
     * not text and keep their sign.
     */
    static String inert(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    private static void line(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            // Quoted when it holds a ';' too: a spreadsheet whose list separator is ';' (much of
            // Europe's) splits an unquoted cell there, and "x;=cmd|..." would start a formula.
            String cell = cells.get(i);
            out.write(cell.indexOf(';') >= 0 ? Csv.quoted(cell) : Csv.field(cell));
        }
        out.write("\r\n");
    }

    /** A JDBC value as it is shown: timestamps in ISO form, dates as YYYY-MM-DD, the rest as they are. */
    private static Object plain(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (value instanceof LocalDateTime time) {
            return time.toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        return value;
    }
}
