package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static soundstage.cli.Cli.row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit codes (0 ok, 1 failed run or blocking check, 2 usage error) and what each command prints. */
class TestCommandLine {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private Path warehouse() {
        return dir.resolve("w.duckdb");
    }

    /** A warehouse with the fixtures ingested and run. */
    private Path fixtureWarehouse() throws IOException {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Cli.ok("ingest", "-w", warehouse(), "sparkify-songs", data.resolve("song_data"));
        Cli.ok("ingest", "-w", warehouse(), "sparkify-events", data.resolve("log_data"), data.resolve("bad/bad-events.json"),
                data.resolve("bad/empty.json"), data.resolve("bad/not-json.csv"));
        Cli.ok("run", "-w", warehouse());
        return warehouse();
    }

    /** The warehouse, created empty (a command that only reads refuses a warehouse that does not exist). */
    private Path created() {
        return Cli.created(warehouse());
    }

    private static void assertUsageError(Cli.Result result, String message) {
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(message + NL);
    }

    @Test
    void onlyTheSubcommandsACommandLineNamesAreBuiltUnlessItAsksForHelpOrNamesNone() {
        assertThat(Main.subcommandsFor(new String[] {"-w", "x.duckdb", "run", "--select", "run"})).containsExactly(RunCommand.class);
        assertThat(Main.subcommandsFor(new String[] {"ingest", "sparkify-events", "sql"})).containsExactly(IngestCommand.class, SqlCommand.class);
        assertThat(Main.subcommandsFor(new String[] {"help", "run"})).hasSize(15);
        assertThat(Main.subcommandsFor(new String[] {"rnu"})).hasSize(15);
        assertThat(Main.subcommandsFor(new String[0])).hasSize(15);
        // The usage still lists every command, and a mistyped one is still matched against them all.
        Cli.Result usage = Cli.run("--help");
        assertThat(usage.out()).contains("  ingest ", "  run ", "  serve ", "  demo ");
        Cli.Result typo = Cli.run("ingst");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.errLines()).containsExactly("soundstage: 'ingst' is not a command; did you mean ingest?", "See 'soundstage --help'.");
    }

    @Test
    void aMissingPathIsAUsageErrorOnOneLine() {
        Path missing = dir.resolve("no-such-folder");
        Cli.Result result = Cli.run("ingest", "-w", warehouse(), "sparkify-events", missing);
        assertUsageError(result, "soundstage: Path '" + missing + "' does not exist. Check the spelling, or pass a directory or a glob such as 'data/**/*.json'.");
        assertThat(result.errLines()).singleElement().asString().startsWith("soundstage: Path '").doesNotContain("Exception");
        assertThat(warehouse()).doesNotExist();
    }

    @Test
    void aSelectionOfOnlyCommasIsAUsageErrorAndSpacesAfterCommasAreDropped() {
        assertUsageError(Cli.run("dag", "-w", warehouse(), "--select", ",,"),
                "soundstage: --select names no task. Give a task name (analytics.songplays), a glob (dashboard.*) or a layer (staging); see them with soundstage dag.");
        assertThat(Cli.ok("dag", "-w", warehouse(), "--select", "analytics.users, analytics.time").outLines())
                .filteredOn(line -> !line.startsWith(" ")).hasSize(2);
    }

    /** Commands with nothing to add to a new warehouse refuse a path where there is none, rather than create one there. */
    @Test
    void backfillAndResumeRefuseAWarehouseThatDoesNotExist() {
        String none = "soundstage: There is no warehouse at '" + warehouse() + "'. Ingest and run something first (for example soundstage demo), or give --warehouse.";
        assertUsageError(Cli.run("backfill", "-w", warehouse(), "--from", "2018-11-01", "--to", "2018-11-02"), none);
        assertUsageError(Cli.run("run", "-w", warehouse(), "--resume"), none);
        assertThat(warehouse()).doesNotExist();
    }

    /** An empty path (an unset variable, "$DATA_DIR") is not taken for the current folder. */
    @Test
    void anEmptyPathOrWarehouseAndAPollWithoutWatchAreUsageErrors() {
        assertUsageError(Cli.run("ingest", "-w", warehouse(), "sparkify-events", ""),
                "soundstage: A path is empty. Give a file, a folder or a glob; check that the variable it came from is set.");
        assertUsageError(Cli.run("schedule", "-w", warehouse(), "--watch", "", "--kind", "sparkify-events"),
                "soundstage: --watch is empty. Give the folder new files land in; check that the variable it came from is set.");
        assertUsageError(Cli.run("status", "-w", ""),
                "soundstage: --warehouse is empty. Give a .duckdb file or a PostgreSQL address; check that the variable it came from is set.");
        assertUsageError(Cli.run("schedule", "-w", warehouse(), "--poll", "5s"),
                "soundstage: --poll is for --watch; the schedule runs at the times of its cron expression.");
        assertThat(warehouse()).doesNotExist();
    }

    /**
     * What every run would refuse is refused when the schedule starts: a --select that matches no
     * task waited for the first fire time (03:00 by default), then was only reported, run after run.
     * A configured source named 'watch' hid the watched folder, which was never ingested.
     */
    @Test
    void aScheduleRefusesAtTheStartWhatEveryRunWould() throws IOException {
        Cli.Result select = Cli.run("schedule", "-w", warehouse(), "--select", "bogus");
        assertThat(select.exitCode()).as("%s", select).isEqualTo(2);
        assertThat(select.err()).startsWith("soundstage: --select bogus matches no task. Tasks: staging.sparkify_events, ");
        Path landing = Files.createDirectories(dir.resolve("landing"));
        Cli.Result until = Cli.run("schedule", "-w", warehouse(), "--watch", landing, "--kind", "sparkify-events", "--until", "nothing.like.this");
        assertThat(until.exitCode()).as("%s", until).isEqualTo(2);
        assertThat(until.err()).startsWith("soundstage: --until nothing.like.this matches no task. Tasks: ingest.watch, staging.sparkify_events, ");
        Path config = Files.writeString(dir.resolve("soundstage.yml"), "warehouse: " + warehouse() + "\nlogs: " + dir.resolve("logs")
                + "\nsources:\n  watch: {kind: sparkify-events, path: " + Files.createDirectories(dir.resolve("other")) + "}\n");
        assertUsageError(Cli.run("schedule", "--config", config, "--watch", landing, "--kind", "sparkify-events"),
                "soundstage: --watch: the configuration has a source named 'watch', the name --watch gives the folder it watches; rename that source in "
                        + config + ".");
        assertThat(warehouse()).doesNotExist();
    }

    /** Every run writes the warehouse and its log: watched, each run would start the next, forever. */
    @Test
    void aWatchedFolderThatHoldsTheWarehouseOrTheRunLogsIsRefused() throws IOException {
        Path landing = Files.createDirectories(dir.resolve("landing"));
        Path inside = landing.resolve("w.duckdb");
        assertUsageError(Cli.run("schedule", "-w", inside, "--watch", landing, "--kind", "sparkify-events"),
                "soundstage: --watch: '" + landing + "' holds the warehouse '" + inside + "', which every run changes, so each run would start the next. "
                        + "Keep the warehouse outside the watched folder (--warehouse).");
        Path config = Files.writeString(landing.resolve("soundstage.yml"), "warehouse: " + warehouse() + "\n");
        assertUsageError(Cli.run("schedule", "--config", config, "--watch", landing, "--kind", "sparkify-events"),
                "soundstage: --watch: '" + landing + "' holds the run logs folder '" + landing.resolve("soundstage-logs") + "', which every run writes, "
                        + "so each run would start the next. Set logs: in the configuration file to a folder outside it.");
        assertThat(inside).doesNotExist();
        assertThat(warehouse()).doesNotExist();
    }

    @Test
    void anUnknownKindNamesTheKnownKinds() {
        Cli.Result result = Cli.run("ingest", "-w", warehouse(), "x", dir);
        assertUsageError(result, "soundstage: Unknown input kind 'x'. Use one of: sparkify-songs, sparkify-events, spotify-export.");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli.Result result = Cli.run("ingest", "-w", warehouse(), "--bogus", "sparkify-events", dir);
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("soundstage: Unknown option: '--bogus'", "See 'soundstage ingest --help'.");
        assertThat(result.out()).isEmpty();
        // A mistyped required option was reported as the required one missing, the typo unnamed.
        Cli.Result typo = Cli.run("backfill", "-w", warehouse(), "--form", "2018-11-01", "--to", "2018-11-30");
        assertThat(typo.exitCode()).as("%s", typo).isEqualTo(2);
        assertThat(typo.errLines()).containsExactly("soundstage: Unknown option: '--form'; did you mean --from?", "See 'soundstage backfill --help'.");
        assertThat(Cli.run("backfill", "-w", warehouse(), "--to", "2018-11-30").errLines()).first().isEqualTo("soundstage: Missing required option: '--from=DATE'");
        // Before and after the command's name: the later one was taken without a word.
        Cli.Result twice = Cli.run("-w", warehouse(), "status", "--warehouse", dir.resolve("other.duckdb"));
        assertThat(twice.exitCode()).as("%s", twice).isEqualTo(2);
        assertThat(twice.errLines()).containsExactly("soundstage: Option '--warehouse' is given both before and after 'status'; give it once",
                "See 'soundstage status --help'.");
    }

    @Test
    void aBadOptionValueSaysWhereTheUsageIsInsteadOfPrintingIt() {
        Cli.Result result = Cli.run("backfill", "-w", warehouse(), "--from", "2018-13-01", "--to", "2018-11-02");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.errLines()).hasSize(2).last().isEqualTo("See 'soundstage backfill --help'.");
        assertThat(result.errLines().get(0)).startsWith("soundstage: Invalid value for option '--from'");
        // Dates beyond the years of events gave the database's "long overflow", exit 1.
        for (String far : List.of("-999999-01-01", "+999999999-01-01", "0000-01-01")) {
            Cli.Result beyond = Cli.run("backfill", "-w", warehouse(), "--from", far, "--to", "2018-11-02");
            assertThat(beyond.exitCode()).as("%s", beyond).isEqualTo(2);
            assertThat(beyond.errLines().get(0)).contains("'" + far + "' is not a date of the years 1 to 9999");
        }
    }

    @Test
    void noCommandPrintsTheUsageAsAUsageError() {
        Cli.Result result = Cli.run();
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).startsWith("Usage: soundstage");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Cli.Result result = Cli.run("frobnicate");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        // The word, and no commands picocli found nearest by its measure ("generate or status" for this one), on one line.
        assertThat(result.errLines()).containsExactly("soundstage: 'frobnicate' is not a command", "See 'soundstage --help'.");
        assertThat(Cli.run("stauts").errLines()).containsExactly("soundstage: 'stauts' is not a command; did you mean status?", "See 'soundstage --help'.");
        assertThat(Cli.run("run", "--ful-refresh").errLines())
                .containsExactly("soundstage: Unknown option: '--ful-refresh'; did you mean --full-refresh?", "See 'soundstage run --help'.");
        // A slip in the first two letters too (picocli's own suggestions keep only names that begin as the word does), and a command
        // mistyped beside another command's name is matched against them all.
        assertThat(Cli.run("run", "--slect").errLines().get(0)).isEqualTo("soundstage: Unknown option: '--slect'; did you mean --select?");
        assertThat(Cli.run("rnu", "status").errLines().get(0)).isEqualTo("soundstage: 'rnu' is not a command; did you mean run?");
    }

    @Test
    void typingSlipsAreCounted() {
        assertThat(Main.slips("run", "run")).isZero();
        assertThat(Main.slips("rnu", "run")).isEqualTo(1);
        assertThat(Main.slips("ingst", "ingest")).isEqualTo(1);
        assertThat(Main.slips("injest", "ingest")).isEqualTo(1);
        assertThat(Main.slips("sevre", "serve")).isEqualTo(1);
        assertThat(Main.slips("", "run")).isEqualTo(3);
        assertThat(Main.slips("frobnicate", "generate")).isGreaterThan(3);
    }

    @Test
    void aMissingParameterIsAUsageError() {
        Cli.Result result = Cli.run("ingest", "-w", warehouse(), "sparkify-events");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("soundstage: Missing required parameter: 'PATH'", "See 'soundstage ingest --help'.");
    }

    @Test
    void theWarehouseMayBeGivenBeforeOrAfterTheCommand() throws SQLException {
        Cli.ok("--warehouse", warehouse(), "sql", "CREATE TABLE before AS SELECT 1 AS a");
        Cli.ok("sql", "CREATE TABLE after AS SELECT 2 AS a", "-w", warehouse());
        assertThat(Cli.rows(warehouse(), "SELECT * FROM before UNION ALL SELECT * FROM after ORDER BY 1")).containsExactly(row("1"), row("2"));
    }

    /** picocli took an argument that starts with a dash for an option: "Unknown option: '-- the count...'". */
    @Test
    void aQueryThatStartsWithACommentIsAQuery() {
        Cli.ok("sql", "-w", warehouse(), "CREATE TABLE t AS SELECT 2 AS a");
        assertThat(Cli.ok("sql", "-w", warehouse(), "-- the table's rows\nSELECT a FROM t").outLines()).containsExactly("a", "2");
    }

    @Test
    void aWarehouseInAMissingDirectoryIsAUsageError() {
        Path file = dir.resolve("nowhere/w.duckdb");
        assertUsageError(Cli.run("sql", "-w", file, "CREATE TABLE t (a INTEGER)"), "soundstage: Cannot create warehouse '" + file + "': directory '" + file.getParent()
                + "' does not exist. Create it first or choose another --warehouse.");
        Path underAFile = dir.resolve("afile/w.duckdb");
        try {
            Files.writeString(dir.resolve("afile"), "a file");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertUsageError(Cli.run("sql", "-w", underAFile, "CREATE TABLE t (a INTEGER)"), "soundstage: Cannot create warehouse '" + underAFile + "': '"
                + underAFile.getParent() + "' is a file, not a directory. Choose another --warehouse.");
    }

    /** A warehouse the configuration file names: the message says to fix that, not a --warehouse the command line never had. */
    @Test
    void aRefusedWarehouseFromTheConfigurationFileIsNamedAsItsSetting() throws IOException {
        Path file = dir.resolve("nowhere/w.duckdb");
        Path config = Files.writeString(dir.resolve("soundstage.yml"), "warehouse: '" + file + "'\n");
        assertUsageError(Cli.run("--config", config, "sql", "CREATE TABLE t (a INTEGER)"), "soundstage: Cannot create warehouse '" + file
                + "': directory '" + file.getParent() + "' does not exist. Create it first or change the warehouse setting of " + config + ".");
        Path missing = dir.resolve("typo.duckdb");
        Files.writeString(config, "warehouse: '" + missing + "'\n");
        assertUsageError(Cli.run("--config", config, "status"), "soundstage: There is no warehouse at '" + missing
                + "'. Ingest and run something first (for example soundstage demo), or check the warehouse setting of " + config + ".");
        // --warehouse on the command line wins, and is the one named
        assertUsageError(Cli.run("--config", config, "status", "-w", missing), "soundstage: There is no warehouse at '" + missing
                + "'. Ingest and run something first (for example soundstage demo), or give --warehouse.");
    }

    @Test
    void aCommandThatOnlyReadsOrChecksDoesNotCreateAWarehouseWhereThereIsNone() {
        Path file = dir.resolve("typo.duckdb");
        for (List<Object> command : List.<List<Object>>of(List.of("status"), List.of("runs"), List.of("check"), List.of("sql", "SELECT 1"),
                List.of("export", "--format", "json", "--to", dir.resolve("lake")))) {
            List<Object> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("-w", file));
            assertUsageError(Cli.run(args.toArray()), "soundstage: There is no warehouse at '" + file
                    + "'. Ingest and run something first (for example soundstage demo), or give --warehouse.");
        }
        assertThat(dir.resolve("lake")).doesNotExist();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("typo.duckdb.lock")).doesNotExist();
    }

    /** An empty DuckDB file (made by the duckdb shell, say) is no warehouse either: a command that needs one does not make one of it. */
    @Test
    void aCommandThatNeedsAWarehouseDoesNotMakeOneOfAnEmptyDuckDbFile() throws Exception {
        Path file = dir.resolve("empty.duckdb");
        java.sql.DriverManager.getConnection("jdbc:duckdb:" + file).close();
        for (List<Object> command : List.<List<Object>>of(List.of("status"), List.of("check"), List.of("run", "--resume"), List.of("backfill", "--from", "2018-11-01", "--to", "2018-11-02"),
                List.of("export", "--format", "json", "--to", dir.resolve("lake")))) {
            List<Object> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("-w", file));
            assertUsageError(Cli.run(args.toArray()), "soundstage: There is no warehouse at '" + file
                    + "'. Ingest and run something first (for example soundstage demo), or give --warehouse.");
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
             java.sql.ResultSet tables = connection.createStatement().executeQuery("SELECT count(*) FROM information_schema.tables")) {
            tables.next();
            assertThat(tables.getLong(1)).as("left empty").isZero();
        }
        assertThat(dir.resolve("lake")).doesNotExist();
    }

    /** With nothing quarantined, status offered a query to see the quarantined rows all the same. */
    @Test
    void statusOffersTheQuarantinedRowsOnlyWhenThereAreSome() throws Exception {
        Path w = dir.resolve("clean.duckdb");
        Cli.created(w);
        Cli.Result status = Cli.ok("status", "-w", w);
        assertThat(status.out()).contains("quarantine:").doesNotContain("see the rows");
    }

    /** A demo folder that cannot be made said only its path ("demo failed: /soundstage-demo", exit 1). */
    @Test
    void aDemoFolderThatCannotBeMadeIsOneLineSayingWhy() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "not a folder");
        assertUsageError(Cli.run("demo", "--no-serve", "--out", file.resolve("demo")), "soundstage: Cannot make the demo's folder '" + file.resolve("demo")
                + "': not a directory. Run the demo from a folder you may write, or give --out one.");
    }

    @Test
    void aWarehouseOfUnknownKindIsAUsageError() {
        Path file = dir.resolve("w.sqlite");
        assertUsageError(Cli.run("status", "--warehouse", file), "soundstage: Cannot tell what kind of warehouse '" + file
                + "' is. Give a path ending in .duckdb (for example ./soundstage.duckdb) or a PostgreSQL address (postgresql://USER@HOST:PORT/DATABASE).");
    }

    /** A mistyped scheme: the address is shown without its user part, which may hold the password. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            postgresq://ana:sekr@t@db.example/spotify | postgresq://USER@db.example/spotify
            postgresql:/ana:sekr#t@db.example/spotify | postgresql:USER@db.example/spotify
            postgresql:ana:sekrt@db.example/spotify   | postgresql:USER@db.example/spotify
            postgresql//ana:sekrt@db.example/spotify  | postgresql//ana:USER@db.example/spotify
            jdbc:postgres://db:5432/music?user=etl&password=sekrt&ssl=true | jdbc:postgres://db:5432/music?user=etl&password=PASSWORD&ssl=true
            etl:sekrt@db.example:5432/spotify         | USER@db.example:5432/spotify
            """)
    void aWarehouseOfUnknownKindIsShownWithoutItsPassword(String address, String shown) {
        assertUsageError(Cli.run("status", "--warehouse", address), "soundstage: Cannot tell what kind of warehouse"
                + " '" + shown + "' is. Give a path ending in .duckdb (for example ./soundstage.duckdb) or a PostgreSQL address"
                + " (postgresql://USER@HOST:PORT/DATABASE).");
    }

    /** A server address ending in .duckdb was taken for a DuckDB file, and shown whole. */
    @Test
    void aServerAddressEndingInDuckdbIsNotAFileAndNoPasswordIsShown() {
        Cli.Result result = Cli.run("status", "--warehouse", "postgresql://ana:sek%rt@db.example/spotify.duckdb");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("soundstage: Cannot read the PostgreSQL address: ").doesNotContain("sek");
        Cli.Result typo = Cli.run("status", "--warehouse", "postgresql:/ana:sek#rt@db.example/w.duckdb");
        assertThat(typo.err()).isEqualTo("soundstage: There is no warehouse at 'postgresql:USER@db.example/w.duckdb'. Ingest and run something first"
                + " (for example soundstage demo), or give --warehouse." + NL);
    }

    @Test
    void generateRejectsABadOptionValue() {
        assertUsageError(Cli.run("generate", "--events", 10, "--songs", 0, "--out", dir.resolve("g")),
                "soundstage: --songs must be at least 1, got 0. Fix the option and try again.");
        assertUsageError(Cli.run("generate", "--events", -5, "--songs", 5, "--out", dir.resolve("g")),
                "soundstage: --events must be at least 0, got -5. Fix the option and try again.");
        assertUsageError(Cli.run("generate", "--spotify", "--plays", 0, "--out", dir.resolve("g")),
                "soundstage: --plays must be between 1 and 1000000, got 0. Fix the option and try again.");
        // "" is the current folder to Java: it was "Folder '' is not empty and was not written by 'soundstage generate'".
        assertUsageError(Cli.run("generate", "--events", 10, "--songs", 5, "--out", ""),
                "soundstage: --out is empty. Give the folder to write into; check that the variable it came from is set.");
        assertUsageError(Cli.run("airflow-dag", "--out", dir.resolve("d.py"), "--dag-id", "d".repeat(251)),
                "soundstage: --dag-id '" + "d".repeat(251) + "' is not a valid Airflow DAG id; use letters, digits, '_', '.' and '-', at most 250 of them.");
    }

    @Test
    void generateDoesNotWriteIntoAFolderOfOtherFiles() throws IOException {
        Path real = dir.resolve("real");
        Path events = Files.createDirectories(real.resolve("log_data/2018/11")).resolve("2018-11-01-events.json");
        Files.writeString(events, "{\"ts\":1}\n");
        assertUsageError(Cli.run("generate", "--events", 10, "--songs", 5, "--out", real), "soundstage: Folder '" + real
                + "' is not empty and was not written by 'soundstage generate': its files could be replaced by generated ones of the same names."
                + " Choose a new or empty folder with --out.");
        assertThat(events).hasContent("{\"ts\":1}");

        Path generated = dir.resolve("generated");
        Cli.ok("generate", "--events", 10, "--songs", 5, "--out", generated);
        Cli.ok("generate", "--events", 100_000, "--songs", 50, "--out", generated);   // its own folder: written again
        Cli.ok("generate", "--events", 20, "--songs", 5, "--out", generated);   // and emptied first: nothing of the larger data is left
        try (Stream<Path> files = Files.walk(generated)) {
            assertThat(files.filter(Files::isRegularFile).filter(path -> !path.getFileName().toString().startsWith(".")).count()).isEqualTo(1 + 5);
        }

        // A file put there since (a copy keeping its old modification time, too) was deleted by the next generate, without a word.
        try {
            Thread.sleep(20);   // past the file system's clock tick
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Path mine = generated.resolve("log_data/2018/11/my-events.json");
        Files.writeString(mine, "{\"ts\":2}\n");
        Files.setLastModifiedTime(mine, java.nio.file.attribute.FileTime.fromMillis(0));
        assertUsageError(Cli.run("generate", "--events", 20, "--songs", 5, "--out", generated), "soundstage: Folder '" + generated + "' holds 1 file that "
                + "'soundstage generate' did not write (such as 'log_data/2018/11/my-events.json'), which generating here again would delete. "
                + "Move it out, or choose another folder with --out.");
        assertThat(mine).hasContent("{\"ts\":2}");
    }

    @Test
    void generateRefusesWhatWouldFillTheDiskBeforeWritingAnything() {
        Path out = dir.resolve("huge");
        Cli.Result result = Cli.run("generate", "--events", 99_999_999_999_999L, "--songs", 5, "--out", out);
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).matches("soundstage: Generating 99999999999999 events needs about 46000\\.0 TB, and '" + java.util.regex.Pattern.quote(out.toString())
                + "' has [0-9.]+ [MGT]B free\\. Generate less, or choose --out on a larger disk\\.\n");
        assertThat(out.resolve("log_data")).doesNotExist();

        Cli.Result spotify = Cli.run("generate", "--spotify", "--listeners", 10_000, "--plays", 1_000_000, "--extracted", "--out", out);
        assertThat(spotify.exitCode()).as("%s", spotify).isEqualTo(2);
        assertThat(spotify.err()).startsWith("soundstage: Generating 10000000000 plays needs about 12.0 TB, and '");
        assertThat(out).doesNotExist();   // not even an empty folder

        Path demo = dir.resolve("demo");
        assertThat(Cli.run("demo", "--out", demo, "--events", -5, "--songs", 5, "--no-serve").exitCode()).isEqualTo(2);
        assertThat(demo).doesNotExist();
    }

    @Test
    void aFolderOfCompressedEventsIsAUsageErrorNotZeroFiles() throws IOException {
        Path gz = Files.createDirectories(dir.resolve("gz"));
        Files.write(gz.resolve("2018-11-01-events.json.gz"), new byte[] {31, -117, 8});
        assertUsageError(Cli.run("ingest", "-w", warehouse(), "sparkify-events", gz), "soundstage: Directory '" + gz
                + "' holds no .json, .jsonl or .ndjson file, only 1 other file ('2018-11-01-events.json.gz'). Compressed files are not read:"
                + " decompress them first (for example gunzip -rk '" + gz + "'), or name the files with a quoted glob.");
    }

    /** Events ingested as songs were quarantined line by line for a missing song_id, without a word of why. */
    @Test
    void filesOfAnotherKindAreQuarantinedWithAHintAtTheirKind() throws IOException {
        Path events = Files.createDirectories(dir.resolve("log_data"));
        Path file = Files.writeString(events.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        Cli.Result asSongs = Cli.run("ingest", "-w", warehouse(), "sparkify-songs", events);
        assertThat(asSongs.exitCode()).as("%s", asSongs).isZero();
        assertThat(asSongs.out()).contains("  hint: '" + file + "' looks like sparkify-events (its first line has ts and page), not sparkify-songs: "
                + "ingest such files with soundstage ingest sparkify-events PATH (a file rejected as one kind is ingested again as another)");
        Cli.Result asEvents = Cli.run("ingest", "-w", warehouse(), "sparkify-events", events);
        assertThat(asEvents.outLinesWithoutTimes()).containsExactly(
                "sparkify-events: 1 files (1 loaded, 0 rejected, 0 duplicates of files already loaded), 1 rows loaded, 0 quarantined, 0.0 MB in T s");

        Path exports = Files.createDirectories(dir.resolve("exports"));
        Files.write(exports.resolve("my_spotify_data.zip"), new byte[] {80, 75, 5, 6});
        assertUsageError(Cli.run("ingest", "-w", warehouse(), "sparkify-events", exports), "soundstage: Directory '" + exports
                + "' holds no .json, .jsonl or .ndjson file, only 1 other file ('my_spotify_data.zip'). "
                + "They look like Spotify exports: ingest them with soundstage ingest spotify-export '" + exports + "'.");
    }

    /** A folder's link to nothing was left out without a word: now it is a rejected file, quarantined with the reason. */
    @Test
    void aLinkToNothingInAFolderIsQuarantinedAndTheOthersLoad() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("linked"));
        Files.writeString(folder.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        Path dangling = Files.createSymbolicLink(folder.resolve("2018-11-02-events.json"), dir.resolve("moved-away.json"));
        Path warehouse = dir.resolve("links.duckdb");
        Cli.Result ingest = Cli.run("ingest", "-w", warehouse, "sparkify-events", folder);
        assertThat(ingest.exitCode()).as("%s", ingest).isZero();
        assertThat(ingest.out()).startsWith("sparkify-events: 2 files (1 loaded, 1 rejected, 0 duplicates of files already loaded), 1 rows loaded, 1 quarantined");
        assertThat(Cli.rows(warehouse, "SELECT path, line_no, reason FROM meta.quarantine"))
                .containsExactly(List.of(dangling.toString(), "0", "cannot read the file: no such file; check that it exists and is readable, then ingest it again"));
    }

    /** Checking the log folder made it, so a run refused next (its warehouse not a DuckDB file) left an empty soundstage-logs. */
    @Test
    void aRunWhoseWarehouseCannotBeOpenedLeavesNoLogFolder() throws IOException {
        Path notDuckDb = Files.writeString(dir.resolve("notes.duckdb"), "not a database");
        Cli.Result run = Cli.run("run", "-w", notDuckDb);
        assertThat(run.exitCode()).as("%s", run).isNotZero();
        assertThat(run.err()).contains("is not a valid DuckDB database file");
        assertThat(dir.resolve("soundstage-logs")).doesNotExist();
    }

    /** A log folder that is a file was refused after the warehouse had been created. */
    @Test
    void aRunWhoseLogFolderIsAFileIsRefusedBeforeAnyWarehouseExists() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "not a folder");
        Path config = Files.writeString(dir.resolve("logs.yml"), "logs: afile\n");
        Path warehouse = dir.resolve("never.duckdb");
        assertUsageError(Cli.run("run", "--config", config, "-w", warehouse), "soundstage: Cannot write run logs in '" + file + "' ('" + file
                + "' is a file, not a folder). Set `logs:` in the configuration file to a folder this user can write, or run from a folder where soundstage-logs can be made.");
        assertThat(warehouse).doesNotExist();
    }

    @Test
    void optionValuesOutOfRangeAreUsageErrorsNamingTheOption() throws IOException {
        Path out = dir.resolve("g");
        assertUsageError(Cli.run("generate", "--events", 10, "--songs", 5, "--bad-lines", 2.5, "--out", out),
                "soundstage: --bad-lines is a share, between 0 and 1; got 2.5. Fix the option and try again.");
        assertUsageError(Cli.run("generate", "--events", 10, "--songs", 5, "--max-events-per-day", 0, "--out", out),
                "soundstage: --max-events-per-day must be at least 1, got 0. Fix the option and try again.");
        assertUsageError(Cli.run("serve", "-w", warehouse(), "--port", 70000),
                "soundstage: --port must be between 0 and 65535 (0 picks a free one), got 70000.");
        assertUsageError(Cli.run("runs", "-w", warehouse(), "-n", -1), "soundstage: --limit must be at least 1, got -1.");
        assertUsageError(Cli.run("schedule", "-w", warehouse(), "--max-runs", -1), "soundstage: --max-runs must be 0 (never stop) or more, got -1.");
        Path missing = dir.resolve("landing");
        assertUsageError(Cli.run("schedule", "-w", warehouse(), "--watch", missing, "--kind", "sparkify-events"),
                "soundstage: --watch: there is no folder '" + missing + "'. Give the folder new files land in.");
        assertUsageError(Cli.run("airflow-dag", "-w", warehouse(), "--command", " ", "--out", dir.resolve("dag.py")),
                "soundstage: --command is empty. Give how Airflow's workers start Soundstage (e.g. /opt/soundstage/soundstage), "
                        + "or leave it out for this launcher's path; check that the variable it came from is set.");
        assertUsageError(Cli.run("airflow-dag", "-w", warehouse(), "--out", dir),
                "soundstage: --out '" + dir + "' is a folder; give the DAG file's path, for example " + dir.resolve("soundstage.py") + ".");
        Path dags = dir.resolve("airflow/dags");   // a mistyped $AIRFLOW_HOME: no new folder that no scheduler reads
        assertUsageError(Cli.run("airflow-dag", "-w", warehouse(), "--out", dags.resolve("soundstage.py")),
                "soundstage: --out: there is no folder '" + dags + "'. Give a path in Airflow's dags folder (it must exist).");
        assertThat(dags).doesNotExist();
        assertThat(out).doesNotExist();
        assertThat(warehouse()).doesNotExist();
    }

    @Test
    void aBrokenQueryIsAUsageErrorOnOneLine() {
        Cli.Result result = Cli.run("sql", "-w", warehouse(), "SELEC 1");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString().startsWith("soundstage: The query failed: Parser Error: syntax error at or near \"SELEC\"");
    }

    /** "The query failed" alone hid that the statements before the failing one had changed the warehouse. */
    @Test
    void aFailedStatementOfSeveralSaysWhichAndThatTheOnesBeforeItStay() throws Exception {
        created();
        Cli.Result result = Cli.run("sql", "-w", warehouse(), "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1); SELECT CAST('a' AS INTEGER)");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("soundstage: Statement 3 of 3 failed: Conversion Error: ")
                .endsWith(" The 2 statements before it ran, and what they changed stays (each commits on its own; "
                        + "put the script between BEGIN; and COMMIT; to make it all or nothing).");
        assertThat(Cli.rows(warehouse(), "SELECT x FROM t")).containsExactly(List.of("1"));

        Cli.Result all = Cli.run("sql", "-w", warehouse(), "BEGIN; INSERT INTO t VALUES (2); SELECT CAST('a' AS INTEGER); COMMIT");
        assertThat(all.exitCode()).isEqualTo(2);
        assertThat(all.errLines()).singleElement().asString().startsWith("soundstage: Statement 3 of 4 failed: Conversion Error: ")
                .endsWith(" The transaction it was in is rolled back.");
        assertThat(Cli.rows(warehouse(), "SELECT x FROM t")).as("all or nothing").containsExactly(List.of("1"));
        Cli.Result reads = Cli.run("sql", "-w", warehouse(), "SELECT 1; SELECT CAST('a' AS INTEGER)");
        assertThat(reads.errLines()).singleElement().asString().startsWith("soundstage: Statement 2 of 2 failed: Conversion Error: ").doesNotContain("before it");
    }

    @Test
    void aQueryOnAMissingTableSaysWhichTable() {
        created();
        Cli.Result result = Cli.run("sql", "-w", warehouse(), "SELECT * FROM analytics.nope");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("soundstage: The query failed: ")
                .contains("Table with name nope does not exist");
    }

    @Test
    void sqlPrintsRfc4180CsvWithAHeader() {
        created();
        Cli.Result result = Cli.ok("sql", "-w", warehouse(),
                "SELECT 'a,b' AS \"x,y\", 'say \"hi\"' AS plain, NULL AS nothing, 42 AS answer, 'two' || chr(10) || 'lines' AS multi, 'Björk' AS name");
        assertThat(result.out()).isEqualTo(
                "\"x,y\",plain,nothing,answer,multi,name" + NL
                        + "\"a,b\",\"say \"\"hi\"\"\",,42,\"two\nlines\",Björk" + NL);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void sqlPrintsTheHeaderOfAnEmptyResult() {
        created();
        assertThat(Cli.ok("sql", "-w", warehouse(), "SELECT file_id, path FROM meta.files").out()).isEqualTo("file_id,path" + NL);
    }

    @Test
    void sqlRunsEveryStatementAndPrintsTheLastResult() {
        Cli.Result result = Cli.ok("sql", "-w", warehouse(), "CREATE TABLE t AS SELECT 1 AS a; INSERT INTO t VALUES (2); SELECT a FROM t ORDER BY a;");
        assertThat(result.out()).isEqualTo("a" + NL + "1" + NL + "2" + NL);
    }

    /**
     * A transaction the SQL begins and does not end was rolled back when the command ended, after
     * its result, which showed the change, was printed with exit 0: refused before it runs.
     * A query in parentheses, or a file starting with a byte-order mark, is a reader: both were
     * run as the writer, creating a warehouse where none was (and the mark failed on PostgreSQL).
     */
    @Test
    void sqlRefusesATransactionItDoesNotEndAndReadsParenthesisedQueriesAndMarkedFiles() throws IOException {
        Cli.ok("sql", "-w", warehouse(), "CREATE TABLE t AS SELECT 1 AS a");
        assertUsageError(Cli.run("sql", "-w", warehouse(), "BEGIN; INSERT INTO t VALUES (2); SELECT count(*) AS n FROM t"),
                "soundstage: The SQL begins a transaction (BEGIN) that it does not end: add COMMIT; at its end to keep what it changes, or ROLLBACK; to undo it.");
        // A rollback to a savepoint, or a commit that chains the next transaction, leaves one open.
        for (String open : List.of("BEGIN; INSERT INTO t VALUES (2); SAVEPOINT s; ROLLBACK TO SAVEPOINT s; SELECT count(*) AS n FROM t",
                "BEGIN; COMMIT AND CHAIN; INSERT INTO t VALUES (2); SELECT 1")) {
            assertUsageError(Cli.run("sql", "-w", warehouse(), open),
                    "soundstage: The SQL begins a transaction (BEGIN) that it does not end: add COMMIT; at its end to keep what it changes, or ROLLBACK; to undo it.");
        }
        assertThat(Cli.ok("sql", "-w", warehouse(), "SELECT count(*) AS n FROM t").out()).isEqualTo("n" + NL + "1" + NL);
        Path missing = dir.resolve("none.duckdb");
        assertThat(Cli.run("sql", "-w", missing, "(SELECT 1 AS x)").exitCode()).isEqualTo(2);
        Path marked = Files.write(dir.resolve("marked.sql"), "\uFEFFSELECT 1 AS x;".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Cli.run("sql", "-w", missing, "-f", marked).exitCode()).isEqualTo(2);
        assertThat(missing).doesNotExist();
        assertThat(Cli.ok("sql", "-w", warehouse(), "-f", marked).out()).isEqualTo("x" + NL + "1" + NL);
        assertThat(Cli.ok("sql", "-w", warehouse(), "(SELECT 1 AS x) UNION ALL (SELECT 2)").out()).isEqualTo("x" + NL + "1" + NL + "2" + NL);
    }

    @Test
    void sqlReadsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("query.sql"), """
                -- totals; with a semicolon in a comment
                CREATE TABLE IF NOT EXISTS t AS SELECT 1 AS a;
                INSERT INTO t VALUES (2);
                SELECT sum(a) AS total, 'x;y' AS text FROM t;
                """);
        Cli.Result result = Cli.ok("sql", "-w", warehouse(), "-f", file);
        assertThat(result.out()).isEqualTo("total,text" + NL + "3,x;y" + NL);
        assertThat(Cli.ok("sql", "-w", warehouse(), "--file", file).out()).isEqualTo("total,text" + NL + "5,x;y" + NL);
    }

    @Test
    void sqlWithAMissingFileIsAUsageError() {
        Path file = dir.resolve("missing.sql");
        assertUsageError(Cli.run("sql", "-w", warehouse(), "-f", file), "soundstage: SQL file '" + file + "' does not exist. Check the path.");
    }

    @Test
    void sqlWithAFolderOrAFileThatIsNotUtf8IsAUsageError() throws IOException {
        assertUsageError(Cli.run("sql", "-w", warehouse(), "-f", dir), "soundstage: SQL file '" + dir + "' is a folder. Give the path of a file of SQL.");
        // An empty path (a variable that is not set) was "'' is a folder": the current one.
        assertUsageError(Cli.run("sql", "-w", warehouse(), "-f", ""),
                "soundstage: --file is empty. Give the path of a file of SQL; check that the variable it came from is set.");
        assertUsageError(Cli.run("status", "-w", warehouse(), "--config", ""),
                "soundstage: --config is empty. Give the path of the configuration file; check that the variable it came from is set.");
        Path latin1 = Files.write(dir.resolve("latin1.sql"), new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', 'c', 'a', 'f', (byte) 0xE9, '\''});
        assertUsageError(Cli.run("sql", "-w", warehouse(), "-f", latin1),
                "soundstage: SQL file '" + latin1 + "' is not UTF-8 text. Save it as UTF-8 and try again.");
    }

    @Test
    void sqlWithNothingToRunIsAUsageError() {
        assertUsageError(Cli.run("sql", "-w", warehouse(), " ; -- nothing"), "soundstage: No SQL to run: the query is empty.");
    }

    @Test
    void sqlTakesAQueryOrAFileNotBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("query.sql"), "SELECT 1");
        Cli.Result result = Cli.run("sql", "-w", warehouse(), "-f", file, "SELECT 2");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void checkPassesAfterAGoodRun() throws Exception {
        Path w = fixtureWarehouse();
        Cli.Result check = Cli.run("check", "-w", w);
        assertThat(check.exitCode()).as("%s", check).isZero();
        assertThat(check.outLines()).hasSize(20).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        assertThat(Cli.rows(w, "SELECT run_id, command, status, detail FROM meta.runs WHERE run_id = 4"))
                .containsExactly(row("4", "check", "succeeded", "all blocking checks passed"));
        assertThat(Cli.rows(w, "SELECT count(*) FROM meta.check_results WHERE run_id = 4 AND status = 'pass'")).containsExactly(row("17"));
    }

    @Test
    void aFailingBlockingCheckMakesCheckExitWithOne() throws Exception {
        Path w = fixtureWarehouse();
        Cli.ok("sql", "-w", w, "INSERT INTO analytics.users SELECT * FROM analytics.users LIMIT 1");

        Cli.Result check = Cli.run("check", "-w", w);

        assertThat(check.exitCode()).as("%s", check).isEqualTo(1);
        assertThat(check.err()).isEmpty();
        assertThat(check.outLines()).contains("FAIL   | users_key                  | yes      | 0 null, 1 duplicate of 3 rows")
                .last().isEqualTo("checks: 1 blocking check(s) FAILED; see the table above");
        assertThat(Cli.rows(w, "SELECT name, blocking, failures, status, detail FROM meta.check_results WHERE run_id = 4 AND status <> 'pass'"))
                .containsExactly(row("users_key", "true", "1", "FAIL", "0 null, 1 duplicate of 3 rows"));
        assertThat(Cli.rows(w, "SELECT run_id, command, status, detail FROM meta.runs WHERE run_id = 4"))
                .containsExactly(row("4", "check", "failed", "a blocking check failed"));
    }

    @Test
    void aFailureThatCheckFindsInRowsNoRunBroughtIsLookedAtByEveryRunUntilFixed() throws Exception {
        Path w = fixtureWarehouse();
        // Time rows taken out by hand: the songplays that point to them were checked when their files came.
        Cli.ok("sql", "-w", w, "DELETE FROM analytics.time WHERE start_time IN (SELECT start_time FROM analytics.songplays ORDER BY start_time LIMIT 2)");
        String failing = "FAIL   | songplays_time_exists      | yes      | 2 songplays without a time row";
        assertThat(Cli.run("check", "-w", w).outLines()).contains(failing);

        Cli.Result run = Cli.run("run", "-w", w);   // nothing new: an incremental check alone would pass

        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.outLines()).contains(failing);
        assertThat(Cli.run("run", "-w", w).outLines()).as("and again").contains(failing);
        Cli.ok("run", "-w", w, "--full-refresh");   // rebuilds analytics.time
        assertThat(Cli.ok("run", "-w", w).outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        assertThat(Cli.rows(w, "SELECT count(*) FROM meta.check_state WHERE check_name = 'songplays_time_exists'")).containsExactly(row("1"));
    }

    @Test
    void aFailingBlockingCheckMakesRunExitWithOne() throws Exception {
        Path w = fixtureWarehouse();
        // A second copy of a staged event, under another id: staged_events_unique fails on every run from now on.
        // The copy is made by hand, not by a file, so a run's check of the new files would not see it: without
        // its state (as after an upgrade) the check looks at every row.
        Cli.ok("sql", "-w", w, "INSERT INTO staging.sparkify_events SELECT * REPLACE (event_id + 100 AS event_id) FROM staging.sparkify_events WHERE page = 'Home' AND user_id = 26; "
                + "DELETE FROM meta.check_state WHERE check_name = 'staged_events_unique'; SELECT 1");

        Cli.Result run = Cli.run("run", "-w", w);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines()).contains("FAIL   | staged_events_unique       | yes      | 1 repeated events of 8",
                "checks: 1 blocking check(s) FAILED; see the table above");
        assertThat(run.outLines()).last().isEqualTo("run 4 FAILED: 1 task(s) failed (checks), 0 skipped; see `soundstage runs 4`, fix the cause and run `soundstage run --resume`");
        assertThat(Cli.rows(w, "SELECT run_id, command, status, detail FROM meta.runs WHERE run_id = 4"))
                .containsExactly(row("4", "run", "failed", "1 failed, 0 skipped, 33 succeeded; resume with: soundstage run --resume"));
        assertThat(Cli.rows(w, "SELECT status, detail FROM meta.task_runs WHERE run_id = 4 AND task = 'checks'"))
                .containsExactly(row("failed", "1 blocking check(s) failed: staged_events_unique"));
    }


    /** Every check failed, with exit 1 (to a scheduler: bad data), and the failures were recorded. */
    @Test
    void checkBeforeAnyRunSaysToRunFirst() throws SQLException {
        Path warehouse = created();
        List<List<String>> runs = Cli.rows(warehouse, "SELECT * FROM meta.runs");
        assertUsageError(Cli.run("check", "-w", warehouse), "soundstage: Nothing to check yet in warehouse '" + warehouse
                + "': no run has built its tables. Run 'soundstage run' first (it runs the checks too).");
        assertThat(Cli.rows(warehouse, "SELECT * FROM meta.runs")).isEqualTo(runs);
        assertThat(Cli.rows(warehouse, "SELECT count(*) FROM meta.check_results")).containsExactly(row("0"));
    }

    @Test
    void aFailedRunSaysWhyTheModelFailed() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Cli.ok("ingest", "-w", warehouse(), "sparkify-songs", data.resolve("song_data"));
        Cli.ok("sql", "-w", warehouse(), "ALTER TABLE staging.sparkify_songs ALTER COLUMN year TYPE DATE");
        Cli.Result run = Cli.run("run", "-w", warehouse());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines().get(0))
                .startsWith("staging.sparkify_songs FAILED: model staging.sparkify_songs failed: ")
                .contains("Error")
                .doesNotContain("unsuccessful or closed pending query result");
        assertThat(Cli.rows(warehouse(), "SELECT detail FROM meta.task_runs WHERE task = 'staging.sparkify_songs'").get(0).get(0))
                .startsWith("model staging.sparkify_songs failed: ");
    }


    @Test
    void runOnAnEmptyWarehousePasses() {
        Cli.Result run = Cli.run("run", "-w", warehouse());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(Cli.withoutTimes(run.outLines().get(0)))
                .isEqualTo("run 1: 0 files transformed, 0 new events (0 duplicates dropped), 0 songs, 0 names repaired, 0 songplays in analytics, T s");
        assertThat(run.outLines()).contains("pass   | song_match_rate            | no       | no Sparkify songplays yet (Spotify plays name their tracks and are not matched to the Sparkify catalogue)")
                .last().isEqualTo(Cli.ALL_CHECKS_PASSED);
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"ingest", "run", "check", "sql", "status", "generate", "demo"})
    void helpOnEverySubcommandExitsWithZero(String command) {
        Cli.Result result = Cli.run(command, "--help");
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.out()).startsWith("Usage: soundstage " + command);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void helpOnTheHelpCommandExitsWithZero() {
        Cli.Result result = Cli.run("help", "--help");
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.out()).contains("Usage: soundstage help");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void helpWithoutACommandListsEveryCommand() {
        Cli.Result result = Cli.ok("--help");
        assertThat(result.out()).startsWith("Usage: soundstage [-hV]");
        for (String command : List.of("ingest", "run", "check", "sql", "status", "generate", "demo", "help")) {
            assertThat(result.outLines()).anyMatch(line -> line.startsWith("  " + command + " "));
        }
    }

    @Test
    void theHelpCommandExplainsACommand() {
        assertThat(Cli.ok("help", "ingest").out()).startsWith("Usage: soundstage ingest");
    }

    @Test
    void versionExitsWithZero() {
        assertThat(Cli.ok("--version").outLines()).singleElement().asString().startsWith("soundstage ");
        assertThat(Cli.ok("status", "-V").outLines()).as("after a command").isEqualTo(Cli.ok("--version").outLines());
        assertThat(Cli.ok("run", "--version").outLines()).isEqualTo(Cli.ok("--version").outLines());
    }

    /** A file given again is registered at every ingest, as a duplicate: status counted each registration as a file. */
    @Test
    void statusCountsAFileGivenAgainAndAgainOnce() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path events = data.resolve("log_data/2018/11/2018-11-01-events.json");
        Path copy = Files.copy(events, dir.resolve("copy.json"));
        for (int i = 0; i < 3; i++) {
            Cli.ok("ingest", "-w", warehouse(), "sparkify-events", events, copy);
        }
        assertThat(Cli.ok("status", "-w", warehouse()).outLines().subList(5, 7)).containsExactly(
                "sparkify-events | duplicate |     2 |    0 |           0 |           0 | 0.0",   // the copy and the file given again, once each
                "sparkify-events | loaded    |     1 |    6 |           0 |           1 | 0.0");
    }

    @Test
    void statusShowsFilesRowsPerLayerQuarantineAndLatestRuns() throws Exception {
        Path w = fixtureWarehouse();
        List<String> lines = Cli.ok("status", "-w", w).outLines();
        assertThat(lines.subList(0, 56)).containsExactly(
                "warehouse: " + w + " (duckdb)",
                "",
                "files:",
                "kind            | status   | files | rows | quarantined | not_yet_run | mb",
                "----------------+----------+-------+------+-------------+-------------+----",
                "sparkify-events | empty    |     1 |    0 |           1 |           0 | 0.0",
                "sparkify-events | loaded   |     3 |   13 |           8 |           0 | 0.0",
                "sparkify-events | rejected |     1 |    0 |           2 |           0 | 0.0",
                "sparkify-songs  | loaded   |     2 |    4 |           0 |           0 | 0.0",
                "",
                "rows per layer:",
                "layer     | table                | rows",
                "----------+----------------------+-----",
                "source    | sparkify_events      |   13",
                "source    | sparkify_songs       |    4",
                "source    | spotify_streams      |    0",
                "staging   | song_matches         |    2",
                "staging   | sparkify_events      |    7",
                "staging   | sparkify_songs       |    4",
                "staging   | spotify_streams      |    0",
                "central   | spotify_streams      |    0",
                "analytics | albums               |    0",
                "analytics | artists              |    3",
                "analytics | episodes             |    0",
                "analytics | songplays            |    4",
                "analytics | songs                |    4",
                "analytics | time                 |    4",
                "analytics | users                |    2",
                "dashboard | busiest_hours        |    1",
                "dashboard | daily_activity       |    1",
                "dashboard | file_days            |    1",
                "dashboard | first_plays_by_month |    1",
                "dashboard | hour_days            |    1",
                "dashboard | level_changes        |    1",
                "dashboard | listener_bits        |    4",
                "dashboard | listener_days        |    3",
                "dashboard | listener_songs       |    4",
                "dashboard | listening_by_day     |    1",
                "dashboard | listening_by_week    |    1",
                "dashboard | platform_share       |    2",
                "dashboard | plays_by_segment     |    6",
                "dashboard | skip_rate_by_month   |    1",
                "dashboard | song_days            |    3",
                "dashboard | song_firsts          |    3",
                "dashboard | song_names           |    3",
                "dashboard | song_spans           |    9",
                "dashboard | song_tops            |   12",
                "dashboard | top_artists          |    3",
                "dashboard | top_songs            |    3",
                "",
                "quarantine:",
                "reason                                     | rows | files",
                "-------------------------------------------+------+------",
                "malformed JSON                             |    5 |     2",
                "NextSong event without a userId            |    1 |     1",
                "file is empty                              |    1 |     1");
        assertThat(lines.subList(56, 63)).containsExactly(
                "required field page is missing or empty    |    1 |     1",
                "sessionId is not an integer                |    1 |     1",
                "ts is not an integer of epoch milliseconds |    1 |     1",
                "userId is not an integer                   |    1 |     1",
                "  see the rows: soundstage sql -w " + Shell.quote(w.toString()) + " \"SELECT path, line_no, reason, raw FROM meta.quarantine ORDER BY path, line_no\"",
                "",
                "latest runs:");
        assertThat(lines.get(63)).matches("run_id \\| command +\\| status +\\| started_at +\\| seconds \\| detail");
        assertThat(lines.get(64)).matches("-------\\+-[-+]+");
        assertThat(lines.subList(65, lines.size())).hasSize(3);
        assertThat(lines.get(65)).startsWith("     3 | run                    | succeeded | ").endsWith(" | 34 tasks succeeded");
        assertThat(lines.get(66)).startsWith("     2 | ingest sparkify-events | succeeded | ");
        assertThat(lines.get(67)).startsWith("     1 | ingest sparkify-songs  | succeeded | ");
    }

    @Test
    void statusOfAnEmptyWarehouseShowsEmptySections() {
        created();
        List<String> lines = Cli.ok("status", "-w", warehouse()).outLines();
        assertThat(lines).contains("files:", "rows per layer:", "quarantine:", "latest runs:");
        assertThat(lines).contains("source  | sparkify_events |    0", "source  | sparkify_songs  |    0",
                "staging | sparkify_events |    0", "staging | sparkify_songs  |    0");
    }

    /** The demo's top songs and artists had no ORDER BY: after incremental runs it printed rows of 35, 2, 1 plays as the top. */
    @Test
    void everyDemoQueryWithALimitOrdersItsRows() {
        assertThat(DemoCommand.QUESTIONS).allSatisfy(question -> {
            if (question[1].contains(" LIMIT ")) {
                assertThat(question[1]).as(question[0]).contains(" ORDER BY ");
            }
        });
    }

    @Test
    void demoPrintsTheAnswers() throws IOException, SQLException {
        Path out = dir.resolve("demo");
        // The configuration names the team's warehouse: the demo's sample data must not go there.
        Path team = dir.resolve("team.duckdb");
        Path config = Files.writeString(dir.resolve("soundstage.yml"), "warehouse: " + team + "\n");
        Cli.Result demo = Cli.run("--config", config, "demo", "--out", out, "--events", 5000, "--songs", 200, "--no-serve");
        assertThat(demo.exitCode()).as("%s", demo).isZero();
        assertThat(demo.outLines().stream().filter(line -> line.startsWith("== "))).containsExactly(
                "== Most played songs",
                "== Most played artists",
                "== Daily plays and daily active users (first 7 days)",
                "== Plays by gender and level",
                "== Top locations",
                "== Busiest hours",
                "== Busiest weekdays",
                "== Users who changed level (latest 5)",
                "== Quarantined rows");
        assertThat(demo.outLines()).contains(Cli.ALL_CHECKS_PASSED)
                .last().isEqualTo("Warehouse: " + out.resolve("demo.duckdb") + "   Look around: ./soundstage sql --warehouse "
                        + out.resolve("demo.duckdb") + " \"SELECT * FROM dashboard.top_songs ORDER BY plays DESC LIMIT 20\"");
        assertThat(demo.outLines().get(0)).startsWith("generate: 5000 events in ");
        assertThat(Cli.count(out.resolve("demo.duckdb"), "SELECT count(*) FROM analytics.songplays")).isPositive();
        assertThat(team).doesNotExist();
    }

    @Test
    void demoRefusesAFolderItDidNotMake() throws IOException {
        Path out = Files.createDirectories(dir.resolve("mine"));
        Path precious = Files.writeString(out.resolve("notes.txt"), "keep me");
        assertUsageError(Cli.run("demo", "--out", out, "--events", 5000, "--songs", 200, "--no-serve"),
                "soundstage: Folder '" + out + "' exists and was not made by the demo. Choose another with --out, or remove it.");
        try (var children = Files.list(out)) {
            assertThat(children).containsExactly(precious);
        }
        assertThat(precious).hasContent("keep me");
    }

    /** The README's own example sent the demo into the team's database, which then held sample data for good. */
    @Test
    void demoRefusesAWarehouseThatHoldsData() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path team = dir.resolve("team.duckdb");
        Cli.ok("ingest", "-w", team, "sparkify-events", data.resolve("log_data"));
        long before = Cli.count(team, "SELECT count(*) FROM source.sparkify_events");
        long files = Cli.count(team, "SELECT count(*) FROM meta.files");
        assertUsageError(Cli.run("demo", "-w", team, "--out", dir.resolve("demo"), "--events", 1000, "--songs", 50, "--no-serve"),
                "soundstage: Warehouse " + team + " already holds data (" + files + " files ingested): the demo would add its sample data to it for good. "
                        + "Give --warehouse a new or empty database, or leave it out for a fresh DuckDB file in --out.");
        assertThat(Cli.count(team, "SELECT count(*) FROM source.sparkify_events")).isEqualTo(before);
        assertThat(dir.resolve("demo")).as("--out is not made for a refused demo").doesNotExist();

        // Nor is a last demo's folder emptied.
        Path last = Files.createDirectories(dir.resolve("last"));
        Files.writeString(last.resolve(".soundstage-demo"), "made by soundstage demo\n");
        Path kept = Files.writeString(last.resolve("answers.txt"), "the last demo's");
        assertThat(Cli.run("demo", "-w", team, "--out", last, "--events", 1000, "--songs", 50, "--no-serve").exitCode()).isEqualTo(2);
        assertThat(kept).hasContent("the last demo's");
    }

    @Test
    void demoWithAnOutThatIsAFileIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "not a folder");
        Cli.Result demo = Cli.run("demo", "--out", file, "--events", 100, "--songs", 10, "--no-serve");
        assertThat(demo.exitCode()).as("%s", demo).isEqualTo(2);
        assertThat(demo.errLines()).containsExactly(
                "soundstage: Cannot use '" + file + "' for the demo: it is a file, not a folder. Choose a folder with --out.");
    }

    @Test
    void demoClearsAFolderItMadeAndRunsAgain() throws IOException {
        Path out = dir.resolve("demo");
        Cli.ok("demo", "--out", out, "--events", 1000, "--songs", 50, "--no-serve");
        Path stray = Files.writeString(out.resolve("stray.txt"), "left over");
        Cli.Result again = Cli.run("demo", "--out", out, "--events", 1000, "--songs", 50, "--no-serve");
        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(stray).doesNotExist();
        assertThat(again.outLines()).contains(Cli.ALL_CHECKS_PASSED);
        // A fresh warehouse: the events were loaded again, not found to be duplicates.
        assertThat(Cli.Ingested.parse(new Cli.Result(0, again.outLines().get(2) + NL, "")).loaded()).isPositive();
    }

    @Test
    void aFileWhoseNameLooksLikeAGlobIsTakenAsItIs() throws IOException {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path file = Files.copy(data.resolve("log_data/2018/11/2018-11-01-events.json"), dir.resolve("events[1].json"));
        Cli.Result ingest = Cli.run("ingest", "-w", warehouse(), "sparkify-events", file);
        assertThat(ingest.exitCode()).as("%s", ingest).isZero();
        assertThat(ingest.outLinesWithoutTimes()).containsExactly(
                "sparkify-events: 1 files (1 loaded, 0 rejected, 0 duplicates of files already loaded), 6 rows loaded, 0 quarantined, 0.0 MB in T s");
    }
}
