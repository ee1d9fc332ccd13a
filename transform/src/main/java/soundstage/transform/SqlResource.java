package soundstage.transform;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import soundstage.core.SqlScript;
import soundstage.core.UserException;

/**
 * A SQL file of this module with a header of comment lines: free text, then {@code -- key: value}
 * lines. A dialect may override a file by shipping {@code <dialect>/<path>} beside it.
 */
record SqlResource(String path, String description, List<String> values, String key, String sql) {
    /** The line that starts the incremental part of a model or check. */
    private static final Pattern INCREMENTAL = Pattern.compile("(?m)^[ \\t]*-- incremental:.*$");

    /** The statements of {@code sql} before its {@code -- incremental:} line (all of it when it has none). */
    static String fullPart(String sql) {
        Matcher marker = INCREMENTAL.matcher(sql);
        return marker.find() ? sql.substring(0, marker.start()) : sql;
    }

    /** The statements of {@code sql} after its {@code -- incremental:} line, if it has one. */
    static Optional<String> incrementalPart(String sql) {
        Matcher marker = INCREMENTAL.matcher(sql);
        return marker.find() ? Optional.of(sql.substring(marker.end())) : Optional.empty();
    }

    /** The values of {@code sql}'s {@code -- key:} header line, or none when it has no such line. */
    static List<String> headerValues(String sql, String key) {
        return header(sql, key).orElse(List.of());
    }

    /** The comment lines that open {@code sql}, without their {@code --}. */
    private static List<String> headerLines(String sql) {
        return sql.lines().map(String::strip).takeWhile(line -> line.startsWith("--")).map(line -> line.substring(2).strip()).toList();
    }

    /** The comma-separated values of the header's {@code -- key:} line; empty when there is no such line. */
    private static Optional<List<String>> header(String sql, String key) {
        return headerLines(sql).stream().filter(text -> text.startsWith(key + ":")).findFirst()
                .map(text -> Arrays.stream(text.substring(key.length() + 1).split(",")).map(String::strip).filter(value -> !value.isEmpty()).toList());
    }

    /** Lists the files named in {@code <folder>/index.txt}. */
    static List<String> index(String folder) {
        return SqlScript.resource(SqlResource.class, folder + "/index.txt").lines()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** Reads {@code folder/path} (or its dialect override) and the values of its {@code -- key:} line. */
    static SqlResource read(String folder, String path, String dialect, String key) {
        String override = folder + "/" + dialect + "/" + path;
        String name = SqlResource.class.getResource(override) != null ? override : folder + "/" + path;
        // Mistakes of whoever added a model or check (exit code 2), not failures of the tool.
        if (SqlResource.class.getResource(name) == null) {
            throw new UserException(folder + "/index.txt names " + path + ", which is not there: add the file or take its line out of the index, "
                    + "and build Soundstage again.");
        }
        String sql = SqlScript.resource(SqlResource.class, name);
        List<String> values = header(sql, key).orElseThrow(() -> new UserException(folder + "/" + path + " has no '-- " + key
                + ":' line in its header; add one and build Soundstage again."));
        // The description: the header's free text, up to its first "-- key:" line.
        StringBuilder description = new StringBuilder();
        for (String text : headerLines(sql)) {
            if (text.startsWith(key + ":")) {
                break;
            }
            description.append(description.isEmpty() || text.isEmpty() ? "" : " ").append(text);
        }
        return new SqlResource(path, description.toString().strip(), values, key, sql);
    }
}
