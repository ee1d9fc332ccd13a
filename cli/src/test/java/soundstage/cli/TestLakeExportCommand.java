package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static soundstage.cli.Cli.row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.testing.TableDump;
import soundstage.testing.TestS3;
import soundstage.testing.TestPostgres;

/** {@code soundstage export}: the lake of a warehouse built by ingest and run, again, in the other format, and bad input. */
class TestLakeExportCommand {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private Path warehouse() {
        return dir.resolve("w.duckdb");
    }

    private Path lake() {
        return dir.resolve("lake");
    }

    /** Ingests the fixtures into {@code warehouse} and runs. */
    private void fixtures(Object warehouse) {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));
        Cli.ok("run", "-w", warehouse);
    }

    private static List<String> files(Path lake) throws IOException {
        try (Stream<Path> paths = Files.walk(lake)) {
            return paths.filter(Files::isRegularFile).map(p -> lake.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static String withoutSize(String line) {
        return Cli.withoutTimes(line).replaceAll(", \\d+\\.\\d MB in ", ", M MB in ");
    }

    @Test
    void exportWritesTheLakeThenOnlyWhatChangedThenTheOtherFormat() throws Exception {
        fixtures(warehouse());
        Cli.Result first = Cli.ok("export", "-w", warehouse(), "--format", "parquet", "--to", lake());
        assertThat(first.outLines()).hasSize(1);
        assertThat(withoutSize(first.outLines().get(0)))
                .isEqualTo("export: 8 tables, 8 partitions (8 written, 0 unchanged, 0 removed), M MB in " + lake() + ", T s");
        assertThat(first.err()).isEmpty();
        assertThat(files(lake())).containsExactly(
                "_soundstage/lock",
                "_soundstage/manifest.json",
                "analytics/albums/part.parquet",
                "analytics/artists/part.parquet",
                "analytics/episodes/part.parquet",
                "analytics/songplays/year=2018/month=11/part.parquet",
                "analytics/songs/part.parquet",
                "analytics/time/year=2018/month=11/part.parquet",
                "analytics/users/part.parquet",
                "central/spotify_streams/year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/part.parquet");
        assertThat(Cli.rows(warehouse(), "SELECT count(*) FROM read_parquet('" + lake() + "/analytics/songplays/**/*.parquet')"))
                .containsExactly(row("4"));
        // No Spotify plays: the table's folder still reads, as no row of its columns.
        assertThat(Cli.rows(warehouse(), "SELECT count(*), count(listener) FROM read_parquet('" + lake() + "/central/spotify_streams/**/*.parquet')"))
                .containsExactly(row("0", "0"));

        assertThat(withoutSize(Cli.ok("export", "-w", warehouse(), "--format", "parquet", "--to", lake()).outLines().get(0)))
                .isEqualTo("export: 8 tables, 8 partitions (0 written, 8 unchanged, 0 removed), M MB in " + lake() + ", T s");

        assertThat(withoutSize(Cli.ok("export", "-w", warehouse(), "--to", lake(), "--format", "json").outLines().get(0)))
                .isEqualTo("export: 8 tables, 8 partitions (8 written, 0 unchanged, 8 removed), M MB in " + lake() + ", T s");
        assertThat(files(lake())).filteredOn(f -> !f.startsWith("_soundstage/")).allMatch(f -> f.endsWith("/part.json"));

        assertThat(Cli.rows(warehouse(), "SELECT command, status FROM meta.runs WHERE command LIKE 'export%' ORDER BY run_id"))
                .containsExactly(row("export parquet", "succeeded"), row("export parquet", "succeeded"), row("export json", "succeeded"));
        assertThat(Cli.rows(warehouse(), "SELECT detail FROM meta.runs WHERE command = 'export json'").get(0).get(0))
                .startsWith("export: 8 tables, 8 partitions (8 written, 0 unchanged, 8 removed), ");
    }

    /** An export after an ingest and before a run wrote the lake without a word of the files not in it. */
    @Test
    void anExportBeforeTheRunOfNewFilesSaysTheyAreNotInTheLake() throws Exception {
        fixtures(warehouse());
        Path more = Files.writeString(dir.resolve("more.json"), Files.readString(Cli.copyFixtures(dir.resolve("again")).resolve("log_data/2018/11/2018-11-01-events.json"))
                .replace("\"sessionId\":", "\"sessionId\":9"));
        Cli.ok("ingest", "-w", warehouse(), "sparkify-events", more);
        Cli.Result export = Cli.ok("export", "-w", warehouse(), "--format", "json", "--to", lake());
        assertThat(export.errLines()).containsExactly("soundstage: warning: 1 file ingested since the last run is not in the lake: run soundstage run, then export again");
        Cli.ok("run", "-w", warehouse());
        assertThat(Cli.ok("export", "-w", warehouse(), "--format", "json", "--to", lake()).err()).isEmpty();
    }

    /** A run's export task wrote the lake without a line; only `runs N` said what it wrote. */
    @Test
    void aRunWithAConfiguredLakeSaysWhatItsExportWrote() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("soundstage.yml"), "warehouse: " + warehouse() + "\nsources:\n  songs: {kind: sparkify-songs, path: "
                + data.resolve("song_data") + "}\n  events: {kind: sparkify-events, path: " + data.resolve("log_data") + "}\nlake: {to: " + lake() + "}\n");
        Cli.Result run = Cli.ok("run", "--config", config);
        assertThat(run.outLines()).anySatisfy(line -> assertThat(line.replaceAll(", \\d+\\.\\d MB in ", ", M MB in "))
                .isEqualTo("export.lake: 8 tables, 8 partitions (8 written, 0 unchanged, 0 removed), M MB in " + lake()));
        assertThat(run.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
    }

    @Test
    void aPostgresWarehouseGivesTheLakeOfDuckDb() throws Exception {
        String postgres = TestPostgres.newDatabase();
        fixtures(postgres);
        fixtures(warehouse());
        Path fromPostgres = dir.resolve("lake-postgres");
        for (String format : List.of("parquet", "json")) {
            Cli.Result onPostgres = Cli.ok("export", "-w", postgres, "--format", format, "--to", fromPostgres);
            Cli.Result onDuckDb = Cli.ok("export", "-w", warehouse(), "--format", format, "--to", lake());
            assertThat(withoutSize(onPostgres.out()).replace(fromPostgres.toString(), "LAKE")).isEqualTo(withoutSize(onDuckDb.out()).replace(lake().toString(), "LAKE"));
            assertThat(files(fromPostgres)).isEqualTo(files(lake()));
            try (var reader = java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
                for (String file : files(lake())) {
                    if (file.endsWith("/part.parquet")) {
                        assertThat(TableDump.of(reader, "SELECT * FROM read_parquet('" + fromPostgres.resolve(file) + "', hive_partitioning = false)")).as(file)
                                .containsExactlyElementsOf(TableDump.of(reader, "SELECT * FROM read_parquet('" + lake().resolve(file) + "', hive_partitioning = false)"));
                    }
                }
            }
        }
    }

    private static void assertUsageError(Cli.Result result, String message) {
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(message + NL);
    }

    @Test
    void anEmptyWarehouseSaysToRunFirst() throws Exception {
        Cli.created(warehouse());
        assertUsageError(Cli.run("export", "-w", warehouse(), "--format", "parquet", "--to", lake()),
                "soundstage: Warehouse '" + warehouse() + "' has no tables in the central or analytics schemas to export yet. Run 'soundstage run' first, then export.");
        assertThat(lake()).doesNotExist();
        assertThat(Cli.rows(warehouse(), "SELECT count(*) FROM meta.runs")).as("a mistake: no export recorded as failed").containsExactly(List.of("0"));
    }

    @Test
    void aFileIsNotAFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "not a folder");
        Cli.created(warehouse());
        assertUsageError(Cli.run("export", "-w", warehouse(), "--format", "json", "--to", file),
                "soundstage: Cannot export to '" + file + "': it is a file, not a folder. Choose a folder with --to.");
        assertThat(file).hasContent("not a folder");
        assertUsageError(Cli.run("export", "-w", warehouse(), "--format", "json", "--to", ""), "soundstage: --to is empty. Give the lake's folder, or s3://BUCKET/PREFIX.");
        // Checked before the warehouse is taken: no run recorded, no writer held up.
        assertThat(Cli.rows(warehouse(), "SELECT count(*) FROM meta.runs WHERE command LIKE 'export%'")).containsExactly(row("0"));
    }

    @Test
    void aFolderInsideAFileCannotBeMade() throws IOException {
        fixtures(warehouse());
        Path file = Files.writeString(dir.resolve("afile"), "not a folder");
        Cli.created(warehouse());
        assertUsageError(Cli.run("export", "-w", warehouse(), "--format", "json", "--to", file.resolve("lake")),
                "soundstage: Cannot write to folder '" + file.resolve("lake") + "' (not a directory). Choose another folder with --to, or make it writable.");
    }

    @Test
    void anUnwritableFolderIsOneLine() throws Exception {
        fixtures(warehouse());
        Path locked = Files.createDirectories(dir.resolve("locked"));
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(locked)) {
            Cli.Result result = Cli.run("export", "-w", warehouse(), "--format", "parquet", "--to", readOnly.folder());
            assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.errLines()).singleElement().asString()
                    .startsWith("soundstage: Cannot write to folder '" + locked + "' (")
                    .endsWith("). Choose another folder with --to, or make it writable.");
        }
        try (Stream<Path> children = Files.list(locked)) {
            assertThat(children).isEmpty();
        }
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Cli.Result result = Cli.run("export", "-w", warehouse(), "--format", "csv", "--to", lake());
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("soundstage: Invalid value for option '--format': Unknown format 'csv'. Use one of: parquet, json.",
                "See 'soundstage export --help'.");
        assertThat(lake()).doesNotExist();
    }

    @Test
    void theFolderIsRequired() {
        Cli.Result result = Cli.run("export", "-w", warehouse(), "--format", "parquet");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.errLines().get(0)).isEqualTo("soundstage: Missing required option: '--to=DIR'");
    }

    @Test
    void helpExplainsTheCommand() {
        Cli.Result result = Cli.ok("export", "--help");
        assertThat(result.out()).startsWith("Usage: soundstage export").contains("--format=FORMAT", "--to=DIR");
        assertThat(Cli.ok("--help").outLines()).anyMatch(line -> line.startsWith("  export "));
    }

    /**
     * A folder no one may write, for as long as it is open: without write permission, and, for
     * root (whom permissions do not stop), immutable ({@code chattr +i}); the test is skipped
     * where neither works.
     */
    private record ReadOnlyFolder(Path folder, boolean immutable) implements AutoCloseable {
        static ReadOnlyFolder of(Path folder) throws IOException {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (Files.isWritable(folder)) {
                boolean immutable = chattr("+i", folder);
                Assumptions.assumeTrue(immutable && !Files.isWritable(folder), "cannot make a folder read-only for this user");
                return new ReadOnlyFolder(folder, true);
            }
            return new ReadOnlyFolder(folder, false);
        }

        private static boolean chattr(String flag, Path folder) {
            try {
                return new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start().waitFor() == 0;
            } catch (IOException noChattr) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            if (immutable) {
                chattr("-i", folder);
            }
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void exportWritesTheLakeToAnS3BucketFoundByTheUsualAwsSettings() throws Exception {
        fixtures(warehouse());
        Cli.ok("export", "-w", warehouse(), "--format", "parquet", "--to", lake());
        try (TestS3 s3 = TestS3.start(Files.createDirectories(dir.resolve("s3")))) {
            Files.createDirectories(dir.resolve("s3/team-lake"));   // the bucket, as S3Proxy keeps it
            Map<String, String> aws = Map.of("aws.endpointUrlS3", s3.endpoint().toString(), "aws.accessKeyId", TestS3.ACCESS_KEY,
                    "aws.secretAccessKey", TestS3.SECRET_KEY, "aws.region", "us-east-1");
            aws.forEach(System::setProperty);
            try {
                Cli.Result first = Cli.ok("export", "-w", warehouse(), "--format", "parquet", "--to", "s3://team-lake/sparkify");
                assertThat(withoutSize(first.outLines().get(0)))
                        .isEqualTo("export: 8 tables, 8 partitions (8 written, 0 unchanged, 0 removed), M MB in s3://team-lake/sparkify, T s");
                assertThat(s3.objects("team-lake", "sparkify")).isEqualTo(TestS3.files(lake(), "_soundstage/lock"));
                assertThat(withoutSize(Cli.ok("export", "-w", warehouse(), "--format", "parquet", "--to", "s3://team-lake/sparkify").outLines().get(0)))
                        .isEqualTo("export: 8 tables, 8 partitions (0 written, 8 unchanged, 0 removed), M MB in s3://team-lake/sparkify, T s");

                Cli.Result missing = Cli.run("export", "-w", warehouse(), "--format", "parquet", "--to", "s3://no-such-bucket/sparkify");
                assertThat(missing.exitCode()).isEqualTo(2);
                assertThat(missing.err()).isEqualTo("soundstage: Bucket 'no-such-bucket' does not exist at " + s3.endpoint()
                        + ". Create it first (an export never creates buckets), or check the address given to --to." + NL);
            } finally {
                aws.keySet().forEach(System::clearProperty);
            }
        }
    }

    @Test
    void aLakeAddressOfAnotherSchemeIsAUsageError() {
        Cli.Result result = Cli.run("export", "-w", warehouse(), "--format", "json", "--to", "gs://bucket/lake");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("soundstage: 'gs://bucket/lake' is not a place Soundstage can write a lake to: give a local folder or "
                + "s3://BUCKET/PREFIX (S3 or an S3-compatible store such as MinIO)." + NL);
    }
}
