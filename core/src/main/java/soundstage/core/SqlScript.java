package soundstage.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * SQL text kept in resource files, split into statements. A statement ends at a semicolon outside
 * quotes, {@code $$}-quoted bodies (PostgreSQL functions) and comments; comments are kept with the
 * statement that follows them.
 */
public final class SqlScript {
    private SqlScript() {
    }

    /** Reads a class path resource as UTF-8. */
    public static String resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + name + " next to " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SHA-256 of {@code script}'s text, in hexadecimal: which version of a script a warehouse holds. */
    public static String digest(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Runs {@code script} unless the warehouse holds this version of it already. The version is the
     * script's {@link #digest}; {@code heldVersion} is a query that answers the version the
     * warehouse holds (no row, or an error, when it holds none); {@code markVersion} records it
     * ({@code %s} stands for the version) and runs after the script, so a warehouse that holds a
     * version holds everything that version of the script made. For scripts of {@code CREATE OR
     * REPLACE} statements that every writer would otherwise run on opening.
     *
     * @return whether the script ran
     */
    public static boolean executeUnlessHeld(Connection connection, String script, String heldVersion, String markVersion) throws SQLException {
        String version = digest(script);
        try (Statement statement = connection.createStatement(); ResultSet held = statement.executeQuery(heldVersion)) {
            if (held.next() && version.equals(held.getString(1))) {
                return false;
            }
        } catch (SQLException none) {
            // DuckDB: the function that names the version does not exist yet.
        }
        execute(connection, script);
        execute(connection, String.format(Locale.ROOT, markVersion, version));
        return true;
    }

    /** SOUNDSTAGE_SQL_TIMING=1 prints how long each statement run by {@link #execute} takes, on standard error. */
    private static final boolean TIMING = System.getenv("SOUNDSTAGE_SQL_TIMING") != null;

    /** Runs every statement of {@code script} on {@code connection}, in order. */
    public static void execute(Connection connection, String script) throws SQLException {
        execute(connection, script, sql -> false);
    }

    /**
     * Runs every statement of {@code script} on {@code connection}, in order, and returns the sum of
     * the update counts (rows inserted, updated or deleted) of the statements {@code counted} accepts.
     * {@code counted} sees each statement's first line of code, without the comments before it.
     */
    public static long execute(Connection connection, String script, Predicate<String> counted) throws SQLException {
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(script)) {
                String first = sql.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("--")).findFirst().orElse("").strip();
                long started = System.nanoTime();
                boolean result = statement.execute(sql);
                if (!result && counted.test(first)) {
                    rows += Math.max(0, statement.getUpdateCount());
                }
                if (TIMING) {
                    System.err.printf(Locale.ROOT, "[sql %6.3f s] %s%n", (System.nanoTime() - started) / 1e9, first);
                }
            }
        }
        return rows;
    }

    /** Splits {@code sql} into statements without their semicolons; blank statements are dropped. */
    public static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean single = false;
        boolean escapes = false;   // in an E'...' string, where a backslash escapes the next character
        boolean dbl = false;
        boolean lineComment = false;
        boolean blockComment = false;
        String dollar = null;      // the tag of the dollar-quoted body we are in ($$ or $name$)
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
            if (dollar != null) {
                // Inside a dollar-quoted body nothing ends the statement, not even quotes or comments.
                if (sql.startsWith(dollar, i)) {
                    current.append(dollar);
                    i += dollar.length() - 1;
                    dollar = null;
                    continue;
                }
            } else if (lineComment) {
                lineComment = c != '\n';
            } else if (blockComment) {
                if (c == '*' && next == '/') {
                    blockComment = false;
                    current.append("*/");
                    i++;
                    continue;
                }
            } else if (single) {
                if (escapes && c == '\\' && next != '\0') {
                    current.append(c).append(next);
                    i++;
                    continue;
                }
                single = c != '\'';
            } else if (dbl) {
                dbl = c != '"';
            } else if (c == '$' && (dollar = dollarTag(sql, i)) != null) {
                current.append(dollar);
                i += dollar.length() - 1;
                continue;
            } else if (c == '-' && next == '-') {
                lineComment = true;
            } else if (c == '/' && next == '*') {
                blockComment = true;
                current.append("/*");
                i++;
                continue;
            } else if (c == '\'') {
                single = true;
                char before = i > 0 ? sql.charAt(i - 1) : ' ';
                char twoBefore = i > 1 ? sql.charAt(i - 2) : ' ';
                escapes = (before == 'E' || before == 'e') && !Character.isLetterOrDigit(twoBefore) && twoBefore != '_';
            } else if (c == '"') {
                dbl = true;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        add(statements, current);
        return statements;
    }

    /** The dollar-quote tag ({@code $$}, {@code $body$}) that starts at {@code i}, or null ({@code $1} is a parameter, not a tag). */
    private static String dollarTag(String sql, int i) {
        int end = i + 1;
        while (end < sql.length() && (Character.isLetter(sql.charAt(end)) || sql.charAt(end) == '_'
                || (end > i + 1 && Character.isDigit(sql.charAt(end))))) {
            end++;
        }
        return end < sql.length() && sql.charAt(end) == '$' ? sql.substring(i, end + 1) : null;
    }

    private static final java.util.regex.Pattern BLOCK_COMMENTS = java.util.regex.Pattern.compile("/\\*.*?\\*/", java.util.regex.Pattern.DOTALL);

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        boolean onlyComments = BLOCK_COMMENTS.matcher(text).replaceAll(" ").lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("--"));
        if (!onlyComments) {
            statements.add(text);
        }
    }
}
