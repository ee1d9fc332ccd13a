package soundstage.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import soundstage.core.DiskFull;
import soundstage.core.LostConnection;
import soundstage.core.UserException;
import soundstage.orchestrate.ConfigFile;
import soundstage.orchestrate.PipelineConfig;
import soundstage.orchestrate.Stop;

/**
 * {@code soundstage}: the command line. Exit codes: 0 ok, 1 a failed run or blocking check,
 * 2 a usage error (bad option, missing path, unusable warehouse).
 */
@Command(name = "soundstage",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Turns raw music-streaming JSON into a checked star schema inside a warehouse.")
public final class Main implements Callable<Integer> {
    /** The subcommands, in the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(IngestCommand.class, RunCommand.class, CheckCommand.class, SqlCommand.class,
            StatusCommand.class, RunsCommand.class, DagCommand.class, ScheduleCommand.class, BackfillCommand.class, AirflowDagCommand.class,
            ExportCommand.class, ServeCommand.class, GenerateCommand.class, DemoCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-w", "--warehouse"}, paramLabel = "W", scope = CommandLine.ScopeType.INHERIT,
            description = "Warehouse: a path to a .duckdb file, or a PostgreSQL database (postgresql://USER@HOST:PORT/DB or jdbc:postgresql://HOST:PORT/DB; "
                    + "password from PGPASSWORD or ~/.pgpass). Default: $SOUNDSTAGE_WAREHOUSE, else the configuration file's warehouse, else ./" + WarehouseOption.DEFAULT + " (demo: a fresh one in its --out folder, unless -w is given).")
    String warehouse;

    @CommandLine.Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "The configuration file (sources, warehouse, lake, schedule). Default: $SOUNDSTAGE_CONFIG, else ./" + ConfigFile.DEFAULT_NAME
                    + " if it exists, else none.")
    Path config;

    @CommandLine.Option(names = "--wait", paramLabel = "DURATION", scope = CommandLine.ScopeType.INHERIT, converter = WaitDuration.class,
            description = "When another process is writing the warehouse, wait up to DURATION for it to finish (e.g. 30s, 10m, 1h) instead of refusing at once.")
    Duration wait;

    private PipelineConfig loaded;
    /** The configuration file's warehouse once read (empty: none, or not needed). */
    private Optional<String> configuredWarehouse;

    /** The warehouse the command line chose, and how to open it; options given before or after the subcommand name. */
    WarehouseOption warehouse() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        String command = parsed != null && parsed.subcommand() != null ? "soundstage " + parsed.subcommand().commandSpec().name() : "soundstage";
        // The configuration file's warehouse only when nothing before it names one (see WarehouseOption).
        Path file = configFile();
        if (configuredWarehouse == null) {
            configuredWarehouse = Optional.ofNullable(file == null || warehouse != null || WarehouseOption.fromEnvironment() != null ? null : ConfigFile.readWarehouse(file));
        }
        return new WarehouseOption(warehouse, configuredWarehouse.orElse(null), file, wait == null ? Duration.ZERO : wait, command, spec.commandLine().getErr());
    }

    /** The configuration file's settings, read once; {@link PipelineConfig#NONE} when there is no file. */
    PipelineConfig config() {
        if (loaded == null) {
            Path file = configFile();
            loaded = file == null ? PipelineConfig.NONE : ConfigFile.read(file);
        }
        return loaded;
    }

    /** The configuration file: --config, else $SOUNDSTAGE_CONFIG, else ./soundstage.yml when it exists; {@code null} when none. */
    private Path configFile() {
        if (config != null && config.toString().isBlank()) {   // --config "$CONFIG" with the variable unset: read as this folder
            throw new UserException("--config is empty. Give the path of the configuration file; check that the variable it came from is set.");
        }
        String fromEnvironment = System.getenv("SOUNDSTAGE_CONFIG");
        Path named = config != null ? config : fromEnvironment != null && !fromEnvironment.isBlank() ? Path.of(fromEnvironment) : null;
        if (named != null && !Files.exists(named)) {   // refused even by a command that would not read it: a mistyped name
            throw new UserException("Configuration file " + named + " does not exist. Create it (see the README's Configuration section) or name another with "
                    + (config != null ? "--config." : "$SOUNDSTAGE_CONFIG (which named it)."));
        }
        return named != null ? named : Files.exists(Path.of(ConfigFile.DEFAULT_NAME)) ? Path.of(ConfigFile.DEFAULT_NAME) : null;
    }

    public static void main(String[] args) {
        // ~ is $HOME, as in the shell and for psql: Java takes the home folder of the user's
        // account instead, so `java -jar` under another HOME (Airflow, cron, a container) read
        // another ~/.pgpass (pgjdbc's) and another ~ in the configuration. (The launcher passes it too.)
        String home = System.getenv("HOME");
        if (home != null && !home.isBlank()) {
            System.setProperty("user.home", home);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        int code = execute(args, out, new PrintWriter(System.err, true));
        if (out.checkError() && code != 1) {
            // Every command's output, written to a full disk or /dev/full: it exited 0 with part of it, or none.
            System.err.println(ResultPrinter.OutputFailed.MESSAGE);
            code = 1;
        }
        // Stopped by SIGTERM (see GracefulStop): the command ended its run and closed the warehouse
        // (releasing its lock); it exits as a process ended by SIGTERM does.
        System.exit(Stop.requested() != null && code < 2 ? GracefulStop.EXIT_CODE : code);
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        for (Class<?> subcommand : subcommandsFor(args)) {
            commandLine.addSubcommand(subcommand);
        }
        // Every command lists -V, --version (the standard help options): each prints the tool's version.
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(commandLine.getCommandSpec().versionProvider()));
        commandLine.setOut(out);
        commandLine.setErr(err);
        // A mistake on the command line: one line, and where the usage is (not the usage itself).
        commandLine.setParameterExceptionHandler((e, given) -> {
            CommandLine cmd = e.getCommandLine();
            // A mistyped option of a command with required options ("backfill --form ...") was reported as the
            // required option missing, without a word of the one mistyped: the mistyped one is the mistake.
            Optional<String> mistyped = cmd.getParseResult() == null ? Optional.empty()
                    : cmd.getParseResult().unmatched().stream().filter(arg -> arg.startsWith("-")).findFirst();
            if (e instanceof CommandLine.MissingParameterException && mistyped.isPresent()) {
                e = new CommandLine.UnmatchedArgumentException(cmd, List.of(mistyped.get()));
            }
            err.println("soundstage: " + (e instanceof CommandLine.UnmatchedArgumentException unmatched ? unmatched(unmatched, cmd == commandLine) : e.getMessage()));
            err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ResultPrinter.OutputFailed) {
                err.println(e.getMessage());
                return 1;
            }
            if (e instanceof UserException) {
                err.println("soundstage: " + e.getMessage());
                return 2;
            }
            // Not bugs, so the stack trace would not help: a lost connection, a full disk.
            boolean lost = LostConnection.in(e);
            boolean full = !lost && DiskFull.in(e);
            err.println("soundstage: " + cmd.getCommandName() + " failed: " + LostConnection.messageOf(e)
                    + (lost && LostConnection.repeats(e) ? ". What it had not committed was rolled back."
                            : lost ? ". What it had not committed was rolled back; run the command again (once the database can be reached)." : "")
                    + (full ? ". A disk is full: what the command had not committed was rolled back; free some space, then run it again." : ""));
            if (System.getenv("SOUNDSTAGE_DEBUG") != null) {
                e.printStackTrace(err);
            } else if (!lost && !full) {
                err.println("Set SOUNDSTAGE_DEBUG=1 to see the stack trace.");
            }
            return 1;
        });
        // An option of every command given both before and after the command's name: picocli kept the
        // later one without a word (twice on one side is already refused).
        commandLine.setExecutionStrategy(parsed -> {
            CommandLine.ParseResult sub = parsed.subcommand();
            for (String option : List.of("--warehouse", "--config", "--wait")) {
                if (sub != null && parsed.hasMatchedOption(option) && sub.hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(sub.commandSpec().commandLine(), "Option '" + option + "' is given both before and after '"
                            + sub.commandSpec().name() + "'; give it once");
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return commandLine.execute(sqlComments(args));
    }

    /**
     * A query that starts with an SQL comment ({@code sql "-- top songs\nSELECT ..."}) looked
     * like an unknown option to picocli, which takes any argument that starts with a dash for one.
     * Given to {@code sql}, an argument of two dashes and then white space is a query (no option
     * is named so): it gets a leading space, which the database ignores.
     */
    static String[] sqlComments(String[] args) {
        if (!subcommandsFor(args).equals(List.of(SqlCommand.class))) {
            return args;
        }
        return Arrays.stream(args).map(arg -> arg.length() > 2 && arg.startsWith("--") && Character.isWhitespace(arg.charAt(2)) ? " " + arg : arg)
                .toArray(String[]::new);
    }

    /**
     * An unknown command or option, with the ones a typing slip or two away from it on the same line
     * (picocli said "Unmatched argument at index 0: 'frobnicate'", then on a line of its own the two
     * commands nearest by its measure: "generate or status").
     */
    private static String unmatched(CommandLine.UnmatchedArgumentException e, boolean commandExpected) {
        String word = e.getUnmatched().get(0);
        boolean option = word.startsWith("-");
        if (!option && !commandExpected) {
            return e.getMessage();
        }
        String name = option && word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        // Not picocli's own suggestions for options: they keep only names that begin with the same two letters ("--slect" got none).
        List<String> candidates = option ? e.getCommandLine().getCommandSpec().options().stream().filter(o -> !o.hidden()).flatMap(o -> java.util.Arrays.stream(o.names())).toList()
                : SUBCOMMANDS.stream().map(command -> command.getAnnotation(Command.class).name()).toList();   // all, not those the line named
        List<String> near = candidates.stream().filter(c -> slips(name, c) <= Math.max(1, name.length() / 3)).distinct().toList();
        return (option ? e.getMessage() : "'" + word + "' is not a command") + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?");
    }

    /** Typing slips between two words: letters left out, added, changed or two swapped (optimal string alignment distance). */
    static int slips(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                d[i][j] = i == 0 || j == 0 ? i + j
                        : Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * The subcommands {@code args} name, or all of them when it names none or asks for help
     * (the usage lists them all, and a mistyped name gets suggestions from them all). picocli
     * builds a subcommand's model from its annotations by reflection: building only the one a
     * command runs starts every command about 0.2 s sooner.
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        List<String> given = Arrays.asList(args);
        List<Class<?>> named = SUBCOMMANDS.stream().filter(command -> given.contains(command.getAnnotation(Command.class).name())).toList();
        return named.isEmpty() || named.contains(CommandLine.HelpCommand.class) ? SUBCOMMANDS : named;
    }

    /** No command: the usage, on standard error, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"soundstage " + (version == null ? "development build" : version)};
        }
    }
}
