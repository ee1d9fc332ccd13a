package soundstage.cli;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import soundstage.core.ErrorMessage;
import soundstage.core.LostConnection;
import soundstage.core.SqlScript;
import soundstage.core.Transaction;
import soundstage.core.UserException;
import soundstage.core.Warehouse;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs SQL on the warehouse and prints the result of the last statement as CSV with a header line.",
                "Example: soundstage sql \"SELECT * FROM dashboard.top_songs ORDER BY plays DESC LIMIT 10\""})
final class SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @Parameters(paramLabel = "QUERY", description = "The SQL to run (several statements separated by ';').")
        String query;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the SQL from a file instead.")
        Path file;
    }

    @Override
    public Integer call() throws Exception {
        String sql = input.query;
        if (input.file != null) {
            if (input.file.toString().isBlank()) {   // -f "$FILE" with the variable unset: read as this folder
                throw new UserException("--file is empty. Give the path of a file of SQL; check that the variable it came from is set.");
            }
            if (Files.isDirectory(input.file)) {
                throw new UserException("SQL file '" + input.file + "' is a folder. Give the path of a file of SQL.");
            }
            if (!Files.exists(input.file)) {
                throw new UserException("SQL file '" + input.file + "' does not exist. Check the path.");
            }
            try {
                sql = Files.readString(input.file, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new UserException("SQL file '" + input.file + "' is not UTF-8 text. Save it as UTF-8 and try again.");
            }
        }
        if (sql.startsWith("\uFEFF")) {
            sql = sql.substring(1);   // a byte-order mark, as some editors save: not a character of the first statement
        }
        List<String> statements = SqlScript.statements(sql);
        if (statements.isEmpty()) {
            throw new UserException("No SQL to run: the query is empty.");
        }
        if (inTransaction(statements)) {
            // The command ends there, and what the transaction changed would be rolled back without a word, after its result was printed.
            throw new UserException("The SQL begins a transaction (BEGIN) that it does not end: add COMMIT; at its end to keep what it changes, "
                    + "or ROLLBACK; to undo it.");
        }
        if (readsOnly(statements)) {
            try (Warehouse opened = main.warehouse().openReadOnly()) {
                execute(opened, statements);
                return 0;
            } catch (ReadOnlyRefused e) {
                // It wrote after all (SELECT ... INTO, a function with side effects): it read nothing
                // the user saw yet, so run it again as a writer.
            }
        }
        try (Warehouse opened = main.warehouse().open()) {
            opened.changesOutsideARun();
            execute(opened, statements);
        }
        return 0;
    }

    private void execute(Warehouse opened, List<String> statements) throws SQLException {
        if (opened.readOnly()) {
            // pgjdbc holds a whole result in memory unless it fetches in batches, which it does
            // only inside a transaction: 2.5M rows ran the JVM out of memory, with a stack trace.
            // (A failure stays the one to say: a rollback on a session that ended is attached to it.)
            Transaction.run(opened.connection(), () -> {
                execute(opened, statements, FETCH_SIZE);
                return null;
            });
        } else {
            execute(opened, statements, 0);
        }
    }

    /** Runs {@code sql} and prints its rows as CSV, if it has any. */
    private void print(Statement statement, String sql) throws SQLException {
        if (statement.execute(sql)) {
            try (ResultSet rows = statement.getResultSet()) {
                ResultPrinter.csv(rows, spec.commandLine().getOut());
            }
        }
    }

    /** Rows a reader fetches at a time (PostgreSQL; DuckDB streams whatever the size). */
    private static final int FETCH_SIZE = 10_000;

    private void execute(Warehouse opened, List<String> statements, int fetchSize) throws SQLException {
        // Nothing is printed before the last statement ran, so a statement refused as a write
        // (which sends the query to a writer) comes before any output.
        try (Statement statement = opened.connection().createStatement()) {
            statement.setFetchSize(fetchSize);
            for (int i = 0; i < statements.size(); i++) {
                boolean last = i == statements.size() - 1;
                try {
                    if (last && fetchSize == 0 && !controlsTransactions(statements) && readsOnly(List.of(statements.get(i)))) {
                        // A writer's script that ends with a query: that query streams as a reader's
                        // does (in a transaction of its own, fetched in batches). Not in a script that
                        // handles transactions itself: its commit could end one the script left open.
                        String query = statements.get(i);
                        Transaction.run(opened.connection(), () -> {
                            statement.setFetchSize(FETCH_SIZE);
                            print(statement, query);
                            return null;
                        });
                    } else if (last) {
                        print(statement, statements.get(i));
                    } else {
                        statement.execute(statements.get(i));
                    }
                } catch (SQLException e) {
                    if (opened.readOnly() && refusedAsWrite(e)) {
                        throw new ReadOnlyRefused();
                    }
                    if (LostConnection.in(e)) {
                        throw e;   // not the query's fault: said as for every command, exit 1
                    }
                    // The user's query is the user's input: report it like any other bad input.
                    String cause = ErrorMessage.of(e);
                    if (statements.size() == 1) {
                        throw new UserException("The query failed: " + cause);
                    }
                    // Each statement commits on its own (as in psql): what the ones before it wrote stays, which "failed" alone hid.
                    List<String> before = statements.subList(0, i);
                    String stays = inTransaction(before) ? " The transaction it was in is rolled back."
                            : readsOnly(before) ? ""
                            : (i == 1 ? " The statement before it ran, and what it changed stays" : " The " + i + " statements before it ran, and what they changed stays")
                                    + " (each commits on its own; put the script between BEGIN; and COMMIT; to make it all or nothing).";
                    throw new UserException("Statement " + (i + 1) + " of " + statements.size() + " failed: " + cause
                            + (stays.isEmpty() || cause.endsWith(".") ? "" : ".") + stays);
                }
            }
        }
    }

    /** Whether the last of {@code statements} that begins or ends a transaction began one (BEGIN, START TRANSACTION). */
    private static boolean inTransaction(List<String> statements) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            String word = firstWord(statements.get(i));
            if (word.equals("BEGIN") || word.equals("START")) {
                return true;
            }
            if (word.equals("COMMIT") || word.equals("END") || word.equals("ROLLBACK") || word.equals("ABORT")) {
                String text = LEADING_COMMENTS.matcher(statements.get(i)).replaceFirst("").toUpperCase(java.util.Locale.ROOT);
                if (ROLLBACK_TO.matcher(text).lookingAt()) {
                    continue;   // to a savepoint: the transaction goes on
                }
                return AND_CHAIN.matcher(text).find();   // AND CHAIN starts the next transaction at once
            }
        }
        return false;
    }

    private static final Pattern ROLLBACK_TO = Pattern.compile("ROLLBACK\\s+(WORK\\s+|TRANSACTION\\s+)?TO\\b");
    private static final Pattern AND_CHAIN = Pattern.compile("\\bAND\\s+CHAIN\\b");
    /** Words that start a statement that begins, ends or marks a transaction. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE");

    /** Whether a statement of {@code statements} begins, ends or marks a transaction. */
    private static boolean controlsTransactions(List<String> statements) {
        return statements.stream().anyMatch(statement -> TRANSACTION_CONTROL.contains(firstWord(statement)));
    }

    /** Words that start a statement that only reads (in DuckDB or PostgreSQL). */
    private static final Set<String> READING = Set.of("SELECT", "WITH", "VALUES", "TABLE", "FROM", "SHOW", "DESCRIBE", "SUMMARIZE", "EXPLAIN");
    /** Comments, white space and opening parentheses before a statement's first word ("(SELECT 1) UNION ..."). */
    private static final Pattern LEADING_COMMENTS = Pattern.compile("\\A(\\s+|\\(|--[^\\n]*(\\n|\\z)|/\\*.*?\\*/)*", Pattern.DOTALL);
    private static final Pattern WRITING_WORD = Pattern.compile("\\b(INSERT|UPDATE|DELETE|MERGE|INTO|COPY|CREATE|DROP|ALTER)\\b", Pattern.CASE_INSENSITIVE);

    /**
     * Whether every statement looks like it only reads, so the warehouse is opened read-only and
     * the query works while another process writes. The database enforces it: a statement that
     * writes after all is refused there, and the query runs again as a writer.
     */
    static boolean readsOnly(List<String> statements) {
        for (String statement : statements) {
            String first = firstWord(statement);
            if (!READING.contains(first) || (!first.equals("SELECT") && WRITING_WORD.matcher(LEADING_COMMENTS.matcher(statement).replaceFirst("")).find())) {
                return false;
            }
        }
        return true;
    }

    /** The first word of {@code statement} after its leading comments, in upper case. */
    private static String firstWord(String statement) {
        String text = LEADING_COMMENTS.matcher(statement).replaceFirst("");
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** DuckDB: "... in read-only mode"; PostgreSQL: SQLSTATE 25006, read_only_sql_transaction. */
    private static boolean refusedAsWrite(SQLException e) {
        return "25006".equals(e.getSQLState()) || ErrorMessage.of(e).contains("read-only mode");
    }

    private static final class ReadOnlyRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadOnlyRefused() {
            super(null, null, false, false);
        }
    }
}
