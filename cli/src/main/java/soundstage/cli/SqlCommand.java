package soundstage.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import soundstage.core.ErrorMessage;
import soundstage.core.SqlScript;
import soundstage.core.UserException;
import soundstage.core.Warehouse;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs SQL on the warehouse and prints the result of the last statement as CSV with a header line.",
                "Example: soundstage sql \"SELECT * FROM dashboard.top_songs LIMIT 10\""})
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
            if (!Files.isRegularFile(input.file)) {
                throw new UserException("SQL file '" + input.file + "' does not exist. Check the path.");
            }
            sql = Files.readString(input.file, StandardCharsets.UTF_8);
        }
        List<String> statements = SqlScript.statements(sql);
        if (statements.isEmpty()) {
            throw new UserException("No SQL to run: the query is empty.");
        }
        try (Warehouse opened = main.warehouse().open(); Statement statement = opened.connection().createStatement()) {
            for (int i = 0; i < statements.size(); i++) {
                boolean last = i == statements.size() - 1;
                try {
                    if (statement.execute(statements.get(i)) && last) {
                        try (ResultSet rows = statement.getResultSet()) {
                            ResultPrinter.csv(rows, spec.commandLine().getOut());
                        }
                    }
                } catch (SQLException e) {
                    // The user's query is the user's input: report it like any other bad input.
                    throw new UserException("The query failed: " + ErrorMessage.of(e));
                }
            }
        }
        return 0;
    }
}
