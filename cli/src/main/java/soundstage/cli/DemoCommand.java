package soundstage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import soundstage.core.ErrorMessage;
import soundstage.core.FileKind;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.generate.SparkifyOptions;
import soundstage.ingest.InputPaths;
import soundstage.orchestrate.PipelineRun;
import soundstage.serve.DashboardServer;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generates a sample (100k events by default), ingests it, runs, checks, and prints the answers to the analysts' questions.",
                "Writes into --out (default ./soundstage-demo) and, unless --warehouse is given on the command line, a fresh warehouse there ($SOUNDSTAGE_WAREHOUSE and a configuration file's warehouse are left alone).",
                "Then serves the dashboard over it and prints its URL, until stopped (Ctrl-C); --no-serve ends after the answers."})
final class DemoCommand implements Callable<Integer> {
    /** Marks a folder the demo made, so a second demo may clear it and nothing else. */
    private static final String MARKER = ".soundstage-demo";

    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    @Option(names = "--out", defaultValue = "soundstage-demo", paramLabel = "DIR", description = "Folder for the sample data (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--events", defaultValue = "100000", paramLabel = "N", description = "Events to generate (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--songs", defaultValue = "5000", paramLabel = "M", description = "Songs to generate (default: ${DEFAULT-VALUE}).")
    int songs;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-serve", description = "End after printing the answers, rather than serving the dashboard over the demo's warehouse.")
    boolean noServe;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the dashboard (default: ${DEFAULT-VALUE}; when it is taken, a free one; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        ServeCommand.requirePort(port);   // with --no-serve too: a mistake all the same
        // Checked before anything is written: bad options, then the warehouse (opened before the data is made).
        SparkifyOptions options = GenerateCommand.options(events, songs, seed).withDuplicateFileRate(0.03).withBadLineRate(0.0002)
                .withMaxEventsPerDay((int) Math.max(1_000, events / 30));
        // Only --warehouse on the command line sends the demo's sample data elsewhere: $SOUNDSTAGE_WAREHOUSE
        // and soundstage.yml name the team's real warehouse, which sample data would pollute.
        String address = main.warehouse().givenOnCommandLine() ? main.warehouse().address() : out.resolve("demo.duckdb").toString();
        // A warehouse outside --out is refused before --out is touched (made, or a last demo's emptied);
        // a file inside it is emptied with it first.
        boolean inOut = WarehouseFactory.isFile(address) && Path.of(address).toAbsolutePath().normalize().startsWith(out.toAbsolutePath().normalize());
        Warehouse opened = inOut ? null : WarehouseFactory.openAny(address, main.warehouse().options());
        boolean succeeded;
        try {
            if (opened != null) {
                refuseWarehouseWithData(opened, address);
            }
            prepare(out);
            if (opened == null) {
                opened = WarehouseFactory.openAny(address, main.warehouse().options());
            }
            succeeded = demo(opened, address, out.resolve("data"), options, stdout);
        } finally {
            if (opened != null) {
                opened.close();
            }
        }
        if (succeeded && !noServe) {
            stdout.println();
            WarehouseOption demo = new WarehouseOption(address, null, null, main.warehouse().maxWait(), "soundstage demo", spec.commandLine().getErr());
            int free = freeOr(port);
            if (free != port) {   // the URL printed next names the one it takes
                spec.commandLine().getErr().println("soundstage: port " + port + " is taken; the dashboard takes a free one");
            }
            ServeCommand.serve(demo, new DashboardServer.Settings(DashboardServer.Settings.LOOPBACK, free, Optional.empty()), spec);
        }
        return succeeded ? 0 : 1;
    }

    /** Generates the sample data into {@code data}, ingests and runs it in {@code opened}, prints the answers; whether the run succeeded. */
    private boolean demo(Warehouse opened, String address, Path data, SparkifyOptions options, PrintWriter stdout) throws Exception {
        GenerateCommand.generate(options, data, spec);
        IngestCommand.ingest(opened, FileKind.SPARKIFY_SONGS, InputPaths.resolve(List.of(data.resolve("song_data").toString())), spec);
        IngestCommand.ingest(opened, FileKind.SPARKIFY_EVENTS, InputPaths.resolve(List.of(data.resolve("log_data").toString())), spec);
        PipelineRun.Outcome run = RunCommand.run(opened, spec);
        answer(opened, stdout);
        stdout.println();
        String shown = WarehouseOption.withoutPassword(address);
        stdout.println("Warehouse: " + shown + "   Look around: " + launcher() + " sql --warehouse " + Shell.quote(shown) + " \"SELECT * FROM dashboard.top_songs ORDER BY plays DESC LIMIT 20\"");
        return run.succeeded();
    }

    /** How to call Soundstage from here: ./soundstage in its checkout, else the launcher's path (the demo may run from any folder). */
    static String launcher() {
        String launcher = System.getProperty("soundstage.launcher");
        if (launcher == null || Path.of(launcher).getParent() == null || Path.of(launcher).getParent().equals(Path.of("").toAbsolutePath())) {
            return "./soundstage";
        }
        return Shell.quote(launcher);
    }

    /** Sample data cannot be taken out of a warehouse again: a --warehouse that holds files already is refused. */
    private static void refuseWarehouseWithData(Warehouse warehouse, String address) throws java.sql.SQLException {
        try (Statement statement = warehouse.connection().createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM meta.files")) {
            rows.next();
            long files = rows.getLong(1);
            if (files > 0) {
                throw new UserException("Warehouse " + WarehouseOption.withoutPassword(address) + " already holds data (" + files + " files ingested): "
                        + "the demo would add its sample data to it for good. Give --warehouse a new or empty database, or leave it out for a fresh DuckDB file in --out.");
            }
        }
    }

    /** {@code wanted}, or 0 (any free port) when something already listens there. */
    private static int freeOr(int wanted) {
        try (ServerSocket probe = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
            return wanted;
        } catch (IOException e) {
            return 0;
        }
    }

    private void prepare(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserException("Cannot use '" + folder + "' for the demo: it is a file, not a folder. Choose a folder with --out.");
        }
        if (Files.exists(folder)) {
            boolean empty;
            try (Stream<Path> children = Files.list(folder)) {
                empty = children.findAny().isEmpty();
            }
            if (!empty && !Files.exists(folder.resolve(MARKER))) {
                throw new UserException("Folder '" + folder + "' exists and was not made by the demo. Choose another with --out, or remove it.");
            }
            Folders.empty(folder);
        }
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(MARKER), "made by soundstage demo; the next demo clears this folder\n");
        } catch (IOException e) {
            throw new UserException("Cannot make the demo's folder '" + folder.toAbsolutePath() + "': " + ErrorMessage.ofFile(e)
                    + ". Run the demo from a folder you may write, or give --out one.", e);
        }
    }

    /** What the demo asks of the warehouse it made: title and query (a query with LIMIT orders its rows, as a table has no order). */
    static final List<String[]> QUESTIONS = List.of(
            new String[] {"Most played songs", "SELECT song_title, artist_name, plays, listeners FROM dashboard.top_songs ORDER BY plays DESC, song_title, artist_name LIMIT 5"},
            new String[] {"Most played artists", "SELECT artist_name, plays, listeners, songs FROM dashboard.top_artists ORDER BY plays DESC, artist_name LIMIT 5"},
            new String[] {"Daily plays and daily active users (first 7 days)", "SELECT day, plays, active_users, sessions FROM dashboard.daily_activity ORDER BY day LIMIT 7"},
            new String[] {"Plays by gender and level", "SELECT segment, value, plays, listeners FROM dashboard.plays_by_segment WHERE segment IN ('gender', 'level') ORDER BY segment, plays DESC"},
            new String[] {"Top locations", "SELECT value AS location, plays, listeners FROM dashboard.plays_by_segment WHERE segment = 'location' ORDER BY plays DESC LIMIT 5"},
            new String[] {"Busiest hours", "SELECT hour, sum(plays) AS plays FROM dashboard.busiest_hours GROUP BY hour ORDER BY plays DESC LIMIT 5"},
            new String[] {"Busiest weekdays", "SELECT weekday_name, sum(plays) AS plays FROM dashboard.busiest_hours GROUP BY weekday, weekday_name ORDER BY plays DESC"},
            new String[] {"Users who changed level (latest 5)", "SELECT user_id, first_name, last_name, changed_at, from_level, to_level FROM dashboard.level_changes ORDER BY changed_at DESC, user_id LIMIT 5"},
            new String[] {"Quarantined rows", "SELECT regexp_replace(path, '^.*/', '') AS file, line_no, reason FROM meta.quarantine ORDER BY path, line_no LIMIT 5"});

    private static void answer(Warehouse warehouse, PrintWriter out) throws Exception {
        try (Statement statement = warehouse.connection().createStatement()) {
            for (String[] question : QUESTIONS) {
                out.println();
                out.println("== " + question[0]);
                try (ResultSet rows = statement.executeQuery(question[1])) {
                    ResultPrinter.table(rows, out, 20);
                }
            }
        }
    }
}
