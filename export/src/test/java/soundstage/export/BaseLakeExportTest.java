package soundstage.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import soundstage.core.Progress;
import soundstage.core.SqlScript;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.testing.TableDump;

/**
 * What the lake holds and how it follows the warehouse, on every dialect: every row comes back
 * from the files, the layout, the NULL partition, incremental exports (nothing, one month, a
 * removed month or table, a format change), atomic writes and the refusals. A dialect's test
 * extends this class and says how to open an empty warehouse; {@link TestingLake#TABLES} are
 * created in it.
 */
abstract class BaseLakeExportTest {
    private static final String STREAMS = "central/spotify_streams/";
    private static final String NULL_MONTH = "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/";

    @TempDir
    Path dir;
    Warehouse warehouse;

    /** Opens a new, empty warehouse of the dialect under test (it may live in {@code dir}). */
    protected abstract Warehouse openEmptyWarehouse(Path dir) throws Exception;

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(dir.resolve("warehouse"));
        warehouse = openEmptyWarehouse(dir.resolve("warehouse"));
        TestingLake.createTables(warehouse.connection());
    }

    @AfterEach
    void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    Path lake() {
        return dir.resolve("lake");
    }

    ExportSummary export(LakeFormat format) throws Exception {
        return new LakeExporter(warehouse).export(lake(), format, Progress.NONE);
    }

    void sql(String script) throws SQLException {
        SqlScript.execute(warehouse.connection(), script);
    }

    List<String> tableDump(String table) throws SQLException {
        return TableDump.of(warehouse.connection(), "SELECT * FROM " + table);
    }

    /** The rows of the files {@code glob}, JSON read with the types of the warehouse's table of the same name. */
    List<String> dump(Path glob, LakeFormat format) throws SQLException {
        return TestingLake.dump(glob, format, TableCatalog.read(warehouse.connection()));
    }

    /** The lake's data files, relative paths, sorted. */
    List<String> dataFiles() {
        return TestingLake.files(lake()).keySet().stream().filter(f -> !f.startsWith(LakeFolder.META + "/")).toList();
    }

    @ParameterizedTest
    @EnumSource(LakeFormat.class)
    void everyRowOfEveryTableComesBackFromTheFiles(LakeFormat format) throws Exception {
        export(format);
        for (String table : List.of("central.spotify_streams", "analytics.songplays", "analytics.users")) {
            Path glob = lake().resolve(table.replace('.', '/')).resolve("**/part." + format.cliName());
            assertThat(dump(glob, format)).as(table).containsExactlyElementsOf(tableDump(table));
        }
    }

    @Test
    void eachMonthIsAHiveStyleFolderAndTablesWithoutAPartitionColumnAreOneFile() throws Exception {
        ExportSummary summary = export(LakeFormat.PARQUET);
        assertThat(dataFiles()).containsExactly(
                "analytics/songplays/year=2018/month=11/part.parquet",
                "analytics/songplays/year=2018/month=12/part.parquet",
                "analytics/users/part.parquet",
                STREAMS + "year=2018/month=12/part.parquet",
                STREAMS + "year=2019/month=03/part.parquet",
                STREAMS + "year=2019/month=04/part.parquet",
                STREAMS + NULL_MONTH + "part.parquet");
        assertThat(summary).isEqualTo(new ExportSummary(3, 7, 7, 0, 0, summary.bytes()));
        assertThat(summary.bytes()).isEqualTo(dataFiles().stream().mapToLong(f -> lake().resolve(f).toFile().length()).sum());
        // Read as a Hive-partitioned table, each row's year and month are those of its ts; NULL ones for rows without ts.
        // (DuckDB types a month as text because of its leading zero; month = 3 still finds month=03.)
        try (Connection reader = TestingLake.reader(); Statement statement = reader.createStatement()) {
            assertThat(TableDump.of(reader, "SELECT year, month, count(*) AS n, count(*) FILTER (WHERE year = year(ts) AND month = month(ts)) AS same "
                    + "FROM read_parquet('" + lake().resolve(STREAMS + "**/*.parquet") + "', hive_partitioning = true) GROUP BY ALL"))
                    .containsExactly("year | month | n | same", "2018 | 12 | 1 | 1", "2019 | 03 | 4 | 4", "2019 | 04 | 1 | 1", "∅ | ∅ | 2 | 0");
        }
    }

    @Test
    void rowsWithoutADateAreInTheNullPartition() throws Exception {
        export(LakeFormat.JSON);
        assertThat(dump(lake().resolve(STREAMS + NULL_MONTH + "part.json"), LakeFormat.JSON))
                .containsExactlyElementsOf(TableDump.of(warehouse.connection(), "SELECT * FROM central.spotify_streams WHERE ts IS NULL"));
        assertThat(lake().resolve(STREAMS + NULL_MONTH + "part.json")).content()
                .isEqualTo("{\"ts\":null,\"listener\":\"cy\",\"track\":\"No date\",\"ms_played\":1,\"skipped\":false}\n"
                        + "{\"ts\":null,\"listener\":null,\"track\":null,\"ms_played\":null,\"skipped\":null}\n");
    }

    /**
     * A table split by month that has no rows (the Spotify tables of a Sparkify-only warehouse)
     * left no file at all, so a reader of its folder found nothing to read ("No files found")
     * instead of an empty table. It is one file of its columns and no row, in the NULL
     * partition's folder, until it has rows.
     */
    @ParameterizedTest
    @EnumSource(LakeFormat.class)
    void aSplitTableWithoutRowsIsOneFileOfItsColumnsUntilItHasRows(LakeFormat format) throws Exception {
        sql("DELETE FROM central.spotify_streams");
        export(format);
        String empty = STREAMS + NULL_MONTH + "part." + format.cliName();
        assertThat(dataFiles()).filteredOn(f -> f.startsWith(STREAMS)).containsExactly(empty);
        assertThat(dump(lake().resolve(STREAMS + "**/part." + format.cliName()), format)).containsExactlyElementsOf(tableDump("central.spotify_streams"))
                .containsExactly("ts | listener | track | ms_played | skipped");

        sql("INSERT INTO central.spotify_streams VALUES (TIMESTAMP '2019-03-02 13:50:00', 'al', 'A song', 1000, false)");
        export(format);
        assertThat(dataFiles()).filteredOn(f -> f.startsWith(STREAMS)).containsExactly(STREAMS + "year=2019/month=03/part." + format.cliName());
    }

    /**
     * infinity and -infinity are in no month: their rows are in the NULL partition. On DuckDB the
     * manifest counted them there but the file left them out; on PostgreSQL the export failed
     * ("cannot convert infinity to integer").
     */
    @Test
    void rowsWithAnInfiniteDateAreInTheNullPartition() throws Exception {
        sql("INSERT INTO central.spotify_streams VALUES ('infinity', 'dee', 'After time', 2, false), ('-infinity', 'dee', 'Before time', 3, true)");
        assertThat(export(LakeFormat.PARQUET).partitions()).isEqualTo(7);
        Path nullMonth = lake().resolve(STREAMS + NULL_MONTH + "part.parquet");
        try (Connection reader = TestingLake.reader()) {
            assertThat(TableDump.of(reader, "SELECT CAST(ts AS VARCHAR) AS ts, listener, track FROM read_parquet('" + nullMonth + "')"))
                    .containsExactly("ts | listener | track", "-infinity | dee | Before time", "infinity | dee | After time", "∅ | cy | No date", "∅ | ∅ | ∅");
        }
        Manifest manifest = Manifest.parse(Files.readAllBytes(lake().resolve(LakeFolder.MANIFEST)));
        assertThat(manifest.tables().get("central.spotify_streams").files().get(STREAMS + NULL_MONTH + "part.parquet").rows()).isEqualTo(4);
        assertThat(export(LakeFormat.PARQUET).written()).isZero();
    }

    @Test
    void instantsAreSplitByTheirMonthInUtc() throws Exception {
        sql("""
                DROP TABLE central.spotify_streams;
                CREATE TABLE central.spotify_streams (ts TIMESTAMP WITH TIME ZONE, listener VARCHAR);
                INSERT INTO central.spotify_streams VALUES ('2019-03-31 23:30:00-05', 'late in March in Chicago'), ('2019-04-01 01:30:00+02', 'early April in Berlin');
                """);
        export(LakeFormat.PARQUET);
        assertThat(dataFiles()).filteredOn(f -> f.startsWith(STREAMS))
                .containsExactly(STREAMS + "year=2019/month=03/part.parquet", STREAMS + "year=2019/month=04/part.parquet");
        assertThat(dump(lake().resolve(STREAMS + "year=2019/month=03/part.parquet"), LakeFormat.PARQUET).get(1))
                .endsWith("| early April in Berlin");
        assertThat(dump(lake().resolve(STREAMS + "year=2019/month=04/part.parquet"), LakeFormat.PARQUET).get(1))
                .endsWith("| late in March in Chicago");
    }

    @Test
    void rowsAreOrderedSoTheSameRowsGiveTheSameBytes() throws Exception {
        export(LakeFormat.JSON);
        Path other = dir.resolve("other-lake");
        sql("CREATE TABLE analytics.shuffled AS SELECT * FROM analytics.users ORDER BY user_id DESC; DROP TABLE analytics.users;"
                + "CREATE TABLE analytics.users AS SELECT * FROM analytics.shuffled; DROP TABLE analytics.shuffled");
        new LakeExporter(warehouse).export(other, LakeFormat.JSON, Progress.NONE);
        for (String file : dataFiles()) {
            assertThat(other.resolve(file)).as(file).hasSameBinaryContentAs(lake().resolve(file));
        }
        assertThat(lake().resolve("analytics/users/part.json")).content().startsWith("{\"user_id\":8,\"first_name\":\"Kaylee\"");
    }

    @Test
    void theManifestListsEveryFileWithItsRowsAndFingerprint() throws Exception {
        export(LakeFormat.PARQUET);
        Manifest manifest = Manifest.parse(Files.readAllBytes(lake().resolve(LakeFolder.MANIFEST)));
        assertThat(manifest.version()).isEqualTo(1);
        assertThat(manifest.format()).isEqualTo("parquet");
        assertThat(manifest.tables()).containsOnlyKeys("analytics.songplays", "analytics.users", "central.spotify_streams");
        Manifest.TableFiles streams = manifest.tables().get("central.spotify_streams");
        assertThat(streams.partitionedBy()).isEqualTo("ts");
        assertThat(streams.columns()).hasSize(5).first().asString().startsWith("ts ");
        assertThat(streams.files()).containsOnlyKeys(dataFiles().stream().filter(f -> f.startsWith(STREAMS)).toList());
        assertThat(streams.files().values().stream().mapToLong(Manifest.FileEntry::rows)).containsExactly(1L, 4L, 1L, 2L);
        assertThat(streams.files().values()).allSatisfy(entry -> assertThat(entry.hash()).startsWith(warehouse.dialect() + ":"));
        assertThat(manifest.tables().get("analytics.users").partitionedBy()).isNull();
    }

    @Test
    void exportingAgainWithoutChangesTouchesNoFile() throws Exception {
        ExportSummary first = export(LakeFormat.PARQUET);
        Map<String, String> before = TestingLake.files(lake());
        ExportSummary again = export(LakeFormat.PARQUET);
        assertThat(again).isEqualTo(new ExportSummary(3, 7, 0, 7, 0, first.bytes()));
        assertThat(TestingLake.files(lake())).isEqualTo(before);
    }

    /**
     * A file the export did not write (a copy made by a file manager) in a table's folder is
     * left alone, but said: a reader that globs the folder reads its rows twice (it was not).
     */
    @Test
    void aFileNoExportWroteInATablesFolderIsLeftAloneAndSaid() throws Exception {
        export(LakeFormat.PARQUET);
        Path copy = lake().resolve(STREAMS + "year=2019/month=03/part (1).parquet");
        Files.copy(lake().resolve(STREAMS + "year=2019/month=03/part.parquet"), copy);
        Files.writeString(lake().resolve("analytics/users/_SUCCESS"), "");   // skipped by readers, as Spark writes it
        Files.createDirectories(lake().resolve("analytics/users/_temporary/0"));
        Files.writeString(lake().resolve("analytics/users/_temporary/0/part-0000.parquet"), "");   // a Spark job's, skipped by readers
        ExportSummary summary = export(LakeFormat.PARQUET);
        assertThat(summary.strays()).containsExactly(STREAMS + "year=2019/month=03/part (1).parquet");
        assertThat(summary.straysWarning()).hasValue("the lake holds a file that no export wrote ('" + STREAMS
                + "year=2019/month=03/part (1).parquet'); whoever reads a table's folder with a glob ('central/spotify_streams/**/*.parquet') reads it"
                + " as rows of the table. Move it out of the lake.");
        assertThat(copy).exists();
        Files.delete(copy);
        assertThat(export(LakeFormat.PARQUET).straysWarning()).isEmpty();
    }

    @Test
    void aChangedRowRewritesOnlyItsMonth() throws Exception {
        export(LakeFormat.PARQUET);
        Map<String, String> before = TestingLake.files(lake());
        sql("UPDATE central.spotify_streams SET ms_played = 2000 WHERE track = 'Jóga'");
        ExportSummary summary = export(LakeFormat.PARQUET);
        assertThat(summary).isEqualTo(new ExportSummary(3, 7, 1, 6, 0, summary.bytes()));
        Map<String, String> after = TestingLake.files(lake());
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.keySet().stream().filter(f -> !after.get(f).equals(before.get(f))))
                .containsExactlyInAnyOrder(STREAMS + "year=2019/month=03/part.parquet", LakeFolder.MANIFEST);
        assertThat(dump(lake().resolve(STREAMS + "**/*.parquet"), LakeFormat.PARQUET))
                .containsExactlyElementsOf(tableDump("central.spotify_streams"));
    }

    @Test
    void aRowReplacedByAnotherOfTheSameCountIsSeen() throws Exception {
        export(LakeFormat.PARQUET);
        sql("DELETE FROM analytics.songplays WHERE songplay_id = 1000000002;"
                + "INSERT INTO analytics.songplays VALUES (1000000003, '2018-11-15 10:00:00', 8, 'paid', 0.1)");
        assertThat(export(LakeFormat.PARQUET).written()).isEqualTo(1);
        assertThat(dump(lake().resolve("analytics/songplays/year=2018/month=11/part.parquet"), LakeFormat.PARQUET))
                .containsExactlyElementsOf(TableDump.of(warehouse.connection(), "SELECT * FROM analytics.songplays WHERE songplay_id < 2000000000"));
    }

    @Test
    void aMonthWithoutRowsIsRemovedWithItsFolder() throws Exception {
        export(LakeFormat.PARQUET);
        sql("DELETE FROM central.spotify_streams WHERE ts >= TIMESTAMP '2019-04-01 00:00:00'");
        ExportSummary summary = export(LakeFormat.PARQUET);
        assertThat(summary).isEqualTo(new ExportSummary(3, 6, 0, 6, 1, summary.bytes()));
        assertThat(lake().resolve(STREAMS + "year=2019/month=04")).doesNotExist();
        assertThat(lake().resolve(STREAMS + "year=2019/month=03/part.parquet")).exists();
        assertThat(Manifest.parse(Files.readAllBytes(lake().resolve(LakeFolder.MANIFEST))).tables().get("central.spotify_streams").files())
                .doesNotContainKey(STREAMS + "year=2019/month=04/part.parquet");
    }

    @Test
    void aTableThatIsGoneIsRemoved() throws Exception {
        export(LakeFormat.PARQUET);
        sql("DROP TABLE analytics.songplays");
        ExportSummary summary = export(LakeFormat.PARQUET);
        assertThat(summary).isEqualTo(new ExportSummary(2, 5, 0, 5, 2, summary.bytes()));
        assertThat(lake().resolve("analytics/songplays")).doesNotExist();
        assertThat(lake().resolve("analytics/users/part.parquet")).exists();
        assertThat(Manifest.parse(Files.readAllBytes(lake().resolve(LakeFolder.MANIFEST))).tables()).doesNotContainKey("analytics.songplays");
    }

    @Test
    void aNewColumnRewritesItsTable() throws Exception {
        export(LakeFormat.PARQUET);
        sql("ALTER TABLE analytics.users ADD COLUMN city VARCHAR");
        assertThat(export(LakeFormat.PARQUET).written()).isEqualTo(1);
        assertThat(dump(lake().resolve("analytics/users/part.parquet"), LakeFormat.PARQUET).get(0)).endsWith("| city");
    }

    @Test
    void anEmptyTableWithoutPartitionColumnIsAFileWithoutRows() throws Exception {
        sql("DELETE FROM analytics.users");
        export(LakeFormat.PARQUET);
        assertThat(dump(lake().resolve("analytics/users/part.parquet"), LakeFormat.PARQUET))
                .containsExactly("user_id | first_name | level | registered | balance");
    }

    @Test
    void anotherFormatReplacesEveryFile() throws Exception {
        export(LakeFormat.PARQUET);
        ExportSummary summary = export(LakeFormat.JSON);
        assertThat(summary).isEqualTo(new ExportSummary(3, 7, 7, 0, 7, summary.bytes()));
        assertThat(dataFiles()).allMatch(f -> f.endsWith("/part.json")).hasSize(7);
        assertThat(Manifest.parse(Files.readAllBytes(lake().resolve(LakeFolder.MANIFEST))).format()).isEqualTo("json");
        assertThat(export(LakeFormat.JSON).written()).isZero();
    }

    /**
     * A first export killed after it published a file left no manifest, so the next export, of
     * the other format, kept that file for good and warned of it as a file no export wrote. The
     * manifest names the format before the first file is published.
     */
    @Test
    void aKilledFirstExportsFilesAreRemovedByTheNextExportOfTheOtherFormat() throws Exception {
        // A folder where the second file goes stops the first export there, as if it was killed.
        Files.createDirectories(lake().resolve(LakeFolder.META));
        Path inTheWay = Files.createDirectories(lake().resolve(STREAMS + "year=2019/month=03/part.json/in-the-way"));
        assertThatThrownBy(() -> export(LakeFormat.JSON)).isInstanceOf(IOException.class);
        assertThat(lake().resolve(STREAMS + "year=2018/month=12/part.json")).exists();
        Manifest killed = Manifest.parse(Files.readAllBytes(lake().resolve(LakeFolder.MANIFEST)));
        assertThat(killed.format()).isEqualTo("json");
        assertThat(killed.tables()).isEmpty();
        Files.delete(inTheWay);
        Files.delete(inTheWay.getParent());

        ExportSummary summary = export(LakeFormat.PARQUET);
        assertThat(summary).isEqualTo(new ExportSummary(3, 7, 7, 0, 1, summary.bytes()));
        assertThat(dataFiles()).allMatch(f -> f.endsWith("/part.parquet")).hasSize(7);
    }

    /**
     * Without a manifest (deleted by a user, as the message about an unreadable one says), the
     * lake's format is unknown: an export removes the other format's files from the folders of
     * the tables it writes (they were kept, 7 .json beside 7 .parquet), and only files named as
     * an export names them.
     */
    @Test
    void anExportIntoALakeWithoutManifestRemovesTheOtherFormatsFilesOnly() throws Exception {
        export(LakeFormat.JSON);
        Files.delete(lake().resolve(LakeFolder.MANIFEST));
        Path mine = Files.writeString(lake().resolve("analytics/users/mine.json"), "{}");
        ExportSummary summary = export(LakeFormat.PARQUET);
        assertThat(summary).isEqualTo(new ExportSummary(3, 7, 7, 0, 7, summary.bytes(), List.of("analytics/users/mine.json")));
        assertThat(dataFiles()).filteredOn(f -> !f.equals("analytics/users/mine.json")).allMatch(f -> f.endsWith("/part.parquet")).hasSize(7);
        assertThat(mine).exists();
    }

    /**
     * A change of format that failed half-way (here where it wrote songplays' second month) left
     * files of both formats; the next export of either removes the other's, and counts each file
     * it removed: the one that no manifest listed was removed uncounted.
     */
    @Test
    void aChangeOfFormatResumedAfterAFailureCountsEveryFileItRemoved() throws Exception {
        export(LakeFormat.PARQUET);
        Path inTheWay = Files.createDirectories(lake().resolve("analytics/songplays/year=2018/month=12/part.json/in-the-way"));
        assertThatThrownBy(() -> export(LakeFormat.JSON)).isInstanceOf(IOException.class);
        Files.delete(inTheWay);
        Files.delete(inTheWay.getParent());
        assertThat(dataFiles()).filteredOn(f -> f.endsWith("/part.json")).hasSize(5);   // the 4 of spotify_streams, songplays' first month

        ExportSummary summary = export(LakeFormat.PARQUET);
        assertThat(summary).isEqualTo(new ExportSummary(3, 7, 4, 3, 5, summary.bytes()));
        assertThat(dataFiles()).allMatch(f -> f.endsWith("/part.parquet")).hasSize(7);
    }

    @Test
    void aFileDeletedByHandIsWrittenAgain() throws Exception {
        export(LakeFormat.PARQUET);
        Files.delete(lake().resolve("analytics/users/part.parquet"));
        assertThat(export(LakeFormat.PARQUET).written()).isEqualTo(1);
        assertThat(lake().resolve("analytics/users/part.parquet")).exists();
    }

    @Test
    void noTemporaryFileIsLeft() throws Exception {
        export(LakeFormat.PARQUET);
        export(LakeFormat.JSON);
        assertThat(TestingLake.files(lake()).keySet()).noneMatch(f -> Path.of(f).getFileName().toString().startsWith("."));
        assertThat(lake().resolve(LakeFolder.SCRATCH)).doesNotExist();
    }

    @Test
    void whatACrashedExportLeftIsDeletedAndChangesNothingElse() throws Exception {
        export(LakeFormat.PARQUET);
        Map<String, String> before = TestingLake.files(lake());
        Path month = lake().resolve(STREAMS + "year=2019/month=03");
        Files.writeString(month.resolve(".part.parquet.tmp-5eed"), "half a file");
        Files.writeString(lake().resolve("_soundstage/.manifest.json.tmp-0ddba11"), "{\"vers");
        Files.createDirectories(lake().resolve(LakeFolder.SCRATCH)).resolve("duckdb_temp_storage-0.tmp").toFile().createNewFile();
        Path newMonth = Files.createDirectories(lake().resolve(STREAMS + "year=2019/month=05"));
        Files.writeString(newMonth.resolve(".part.parquet.tmp-ab12"), "a month that was being written for the first time");
        try (LakeFolder folder = LakeFolder.open(lake())) {
            assertThat(folder.leftovers()).isEqualTo(3);
        }
        assertThat(lake().resolve(STREAMS + "year=2019")).exists();
        assertThat(newMonth).doesNotExist();
        assertThat(TestingLake.files(lake())).isEqualTo(before);
        Files.writeString(month.resolve(".part.parquet.tmp-5eed"), "half a file");
        assertThat(export(LakeFormat.PARQUET).written()).isZero();
        assertThat(TestingLake.files(lake())).isEqualTo(before);
    }

    @Test
    void aFileWhoseWritingFailedIsDiscardedWithTheFolderMadeForIt() throws Exception {
        export(LakeFormat.PARQUET);
        Map<String, String> before = TestingLake.files(lake());
        try (LakeFolder lake = LakeFolder.open(lake())) {
            Path temporary = lake.temporary(STREAMS + "year=2019/month=05/part.parquet");
            Files.writeString(temporary, "half");
            lake.discard(temporary);
            assertThat(lake().resolve(STREAMS + "year=2019/month=05")).doesNotExist();
            assertThatThrownBy(() -> lake.discard(lake().resolve("analytics/users/part.parquet"))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(TestingLake.files(lake())).isEqualTo(before);
    }

    /**
     * A write that failed (DuckDB could not create its file: the table's folder was made
     * immutable) is the export's error even when discarding its file fails too: the discard's
     * error ("Operation not permitted" on the folder) replaced it, so the user never learnt why
     * the write failed. The discard's is kept, as suppressed.
     */
    @Test
    void aWriteThatFailedIsTheErrorEvenWhenDiscardingItsFileFails() throws Exception {
        LakeTable users = TableCatalog.read(warehouse.connection()).stream().filter(t -> t.qualifiedName().equals("analytics.users")).findFirst().orElseThrow();
        LakeExporter.Plan plan = new LakeExporter.Plan(users, new TreeMap<>(Map.of(Partition.whole(), new Fingerprint(3, "test:3"))), Set.of(Partition.whole()));
        SQLException writeFailed = new SQLException("IO Error: Cannot open file \"analytics/users/.part.parquet.tmp-1\": Permission denied");
        PartitionCopy failing = new PartitionCopy() {
            @Override
            public void write(LakeTable table, Partition partition, LakeFormat format, Path target) throws SQLException {
                throw writeFailed;
            }

            @Override
            public void close() {
            }
        };
        FileSystemException discardFailed = new FileSystemException(lake().resolve("analytics/users").toString(), null, "Operation not permitted");
        try (LakeFolder folder = LakeFolder.open(lake())) {
            Lake discardFails = (Lake) Proxy.newProxyInstance(Lake.class.getClassLoader(), new Class<?>[] {Lake.class}, (proxy, method, arguments) -> {
                if (method.getName().equals("discard")) {
                    throw discardFailed;
                }
                try {
                    return method.invoke(folder, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
            assertThatThrownBy(() -> LakeExporter.write(discardFails, Manifest.empty(), List.of(plan), 1, failing, LakeFormat.PARQUET, Progress.NONE))
                    .isSameAs(writeFailed);
            assertThat(writeFailed.getSuppressed()).containsExactly(discardFailed);
        }
    }

    @Test
    void anEmptyWarehouseIsRefusedAndNoFolderIsMade() throws Exception {
        sql("DROP TABLE central.spotify_streams; DROP TABLE analytics.songplays; DROP TABLE analytics.users");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("Warehouse '" + warehouse.address() + "' has no tables in the central or analytics schemas to export yet. "
                        + "Run 'soundstage run' first, then export.");
        assertThat(lake()).doesNotExist();
    }

    @Test
    void aTableWhoseNameCannotBeAFolderIsRefused() throws Exception {
        sql("CREATE TABLE analytics.\"../up\" (x INTEGER)");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot export table analytics.\"../up\": a lake folder is named after its table, and only letters, digits and _ are safe "
                        + "in folder names. Rename the table and export again.");
        assertThat(dir.resolve("up")).doesNotExist();
    }

    @Test
    void aPartitionColumnThatIsNotADateIsAnError() throws Exception {
        sql("CREATE TABLE analytics.time (start_time VARCHAR, hour INTEGER)");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot partition analytics.time by year and month of start_time: it is ")
                .hasMessageEndingWith(", not a date or timestamp; correct partition-columns.txt in the export module");
    }

    @Test
    void aFolderWithOtherContentIsRefusedAndLeftAlone() throws Exception {
        Path mine = Files.writeString(Files.createDirectories(lake()).resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("Folder '" + lake() + "' is not empty and holds no lake of an earlier export (it has no _soundstage folder), "
                        + "so export will not write into it. Choose a new or empty folder with --to.");
        try (Stream<Path> children = Files.list(lake())) {
            assertThat(children).containsExactly(mine);
        }
    }

    @Test
    void aFileIsRefused() throws Exception {
        Files.writeString(lake(), "not a folder");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot export to '" + lake() + "': it is a file, not a folder. Choose a folder with --to.");
    }

    @Test
    void aLakeBeingWrittenIsRefused() throws Exception {
        export(LakeFormat.PARQUET);
        try (LakeFolder busy = LakeFolder.open(lake())) {
            assertThatThrownBy(() -> export(LakeFormat.PARQUET))
                    .isInstanceOf(UserException.class)
                    .hasMessage("Folder '" + lake() + "' is being written by another export. Wait for it to finish and try again.");
        }
    }

    @Test
    void aManifestNamingAFileOutsideTheLakeNeverTouchesIt() throws Exception {
        export(LakeFormat.PARQUET);
        Path outside = Files.writeString(dir.resolve("precious.txt"), "keep me");
        Path manifest = lake().resolve(LakeFolder.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"analytics/users/part.parquet\"", "\"../precious.txt\""));
        sql("DROP TABLE analytics.users");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET)).isInstanceOf(UserException.class).hasMessageContaining("is outside the lake");
        assertThat(outside).hasContent("keep me");
    }

    /** A folder of the lake linked to one outside it: the file the manifest names there was deleted. */
    @Test
    void aManifestNamingAFileThroughALinkOutOfTheLakeNeverTouchesIt() throws Exception {
        export(LakeFormat.PARQUET);
        Path victim = Files.createDirectories(dir.resolve("victim"));
        Path outside = Files.writeString(victim.resolve("keep.parquet"), "keep me");
        Files.createSymbolicLink(lake().resolve("analytics/gone"), victim);
        Path manifest = lake().resolve(LakeFolder.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"analytics/users/part.parquet\"", "\"analytics/gone/keep.parquet\""));
        sql("DROP TABLE analytics.users");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET)).isInstanceOf(UserException.class).hasMessageContaining("is outside the lake");
        assertThat(outside).hasContent("keep me");
    }

    @Test
    void aManifestThatIsNotOneIsRefusedWithoutClassNames() throws Exception {
        export(LakeFormat.PARQUET);
        Path manifest = lake().resolve(LakeFolder.MANIFEST);
        Files.writeString(manifest, "[]");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read the lake's manifest '" + manifest + "': it is JSON, but not a Soundstage lake manifest. Delete it to export every file again.");
        Files.writeString(manifest, "{\"version\": ");
        assertThatThrownBy(() -> export(LakeFormat.PARQUET)).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot read the lake's manifest '" + manifest + "': ");
        Files.delete(manifest);
        Files.createDirectories(manifest);
        assertThatThrownBy(() -> export(LakeFormat.PARQUET)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read the lake's manifest '" + manifest + "': it is not a file. Move it away to export every file again.");
    }

    @Test
    void aManifestOfANewerSoundstageIsRefused() throws Exception {
        export(LakeFormat.PARQUET);
        Path manifest = lake().resolve(LakeFolder.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"version\" : 1", "\"version\" : 2"));
        assertThatThrownBy(() -> export(LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("The lake in '" + lake() + "' was written by a newer Soundstage (manifest version 2; this one knows 1). "
                        + "Upgrade Soundstage, or export to another place.");
    }

    @Test
    void theWarehouseConnectionIsAsBeforeAfterAnExport() throws Exception {
        Connection connection = warehouse.connection();
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        int isolation = connection.getTransactionIsolation();
        export(LakeFormat.PARQUET);
        assertThat(connection.getAutoCommit()).isEqualTo(autoCommit);
        assertThat(connection.isReadOnly()).isEqualTo(readOnly);
        assertThat(connection.getTransactionIsolation()).isEqualTo(isolation);
        sql("INSERT INTO analytics.users VALUES (7, 'Adelyn', 'free', NULL, NULL)");
        assertThat(tableDump("analytics.users")).hasSize(5);
    }

}
