package soundstage.core;

/** RFC 4180 CSV fields, for every place that writes CSV (the sql command, the dashboard's downloads). */
public final class Csv {
    private Csv() {
    }

    /** {@code value} as one CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break. */
    public static String field(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return quote ? quoted(value) : value;
    }

    /** {@code value} as one quoted CSV field, quotes doubled, whatever it holds. */
    public static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
