package soundstage.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import soundstage.core.ProcessMark;
import soundstage.core.Progress;
import soundstage.core.SqlScript;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.testing.TestPostgres;
import soundstage.testing.TestS3;
import soundstage.warehouse.duckdb.DuckDbWarehouse;
import soundstage.warehouse.postgres.PostgresWarehouse;

/**
 * The lake on S3, against a real S3 server on loopback ({@link TestS3}), which keeps each bucket
 * as a folder: what an export put is compared file by file with the same export into a local
 * folder.
 */
class TestLakeExportToS3 {
    @TempDir
    static Path store;
    private static TestS3 server;
    private static S3Settings settings;
    private static S3Client client;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestS3.start(store);
        settings = settings(server.endpoint(), TestS3.SECRET_KEY);
        client = S3Lake.client(settings);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static S3Settings settings(URI endpoint, String secret) {
        return new S3Settings(endpoint, Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create(TestS3.ACCESS_KEY, secret)));
    }

    @TempDir
    Path dir;
    private Warehouse warehouse;
    private String bucket;

    @BeforeEach
    void open() throws Exception {
        warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"));
        TestingLake.createTables(warehouse.connection());
        bucket = "lake-" + Long.toHexString(System.nanoTime());
        client.createBucket(r -> r.bucket(bucket));
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    private ExportSummary export(String to, LakeFormat format) throws Exception {
        return export(to, format, settings);
    }

    private ExportSummary export(String to, LakeFormat format, S3Settings with) throws Exception {
        return new LakeExporter(warehouse, () -> with).export(LakeLocation.parse(to, dir), format, Progress.NONE);
    }

    private Map<String, String> objects(String prefix) {
        return server.objects(bucket, prefix);
    }

    @Test
    void theObjectsAreTheFilesOfTheSameExportIntoAFolderAndNoLockIsLeft() throws Exception {
        for (LakeFormat format : LakeFormat.values()) {
            Path local = dir.resolve("local-" + format.cliName());
            ExportSummary toFolder = export(local.toString(), format);
            ExportSummary toS3 = export("s3://" + bucket + "/team/" + format.cliName() + "/", format);
            assertThat(toS3).isEqualTo(toFolder);
            assertThat(toS3.written()).isEqualTo(7);
            assertThat(objects("team/" + format.cliName())).isEqualTo(TestS3.files(local, LakeFolder.LOCK)).containsKey(LakeFolder.MANIFEST)
                    .doesNotContainKey(LakeFolder.LOCK);
        }
    }

    @Test
    void aPostgresWarehouseStreamsToTheSameObjects() throws Exception {
        try (Warehouse postgres = PostgresWarehouse.open(TestPostgres.newDatabase())) {
            TestingLake.createTables(postgres.connection());
            LakeExporter exporter = new LakeExporter(postgres, () -> settings);
            Path local = dir.resolve("local");
            ExportSummary toFolder = exporter.export(local, LakeFormat.PARQUET, Progress.NONE);
            assertThat(exporter.export(LakeLocation.parse("s3://" + bucket + "/pg", dir), LakeFormat.PARQUET, Progress.NONE)).isEqualTo(toFolder);
            assertThat(objects("pg")).isEqualTo(TestS3.files(local, LakeFolder.LOCK));
        }
    }

    /** An object the export did not put, under a table's prefix, is said and left alone; a folder's marker object is no file. */
    @Test
    void anObjectNoExportPutUnderATablesPrefixIsSaid() throws Exception {
        String to = "s3://" + bucket + "/lake";
        export(to, LakeFormat.PARQUET);
        client.putObject(r -> r.bucket(bucket).key("lake/analytics/users/part (1).parquet"), RequestBody.fromString("x", StandardCharsets.UTF_8));
        client.putObject(r -> r.bucket(bucket).key("lake/analytics/users/backup/"), RequestBody.empty());
        ExportSummary again = export(to, LakeFormat.PARQUET);
        assertThat(again.strays()).containsExactly("analytics/users/part (1).parquet");
        assertThat(again.written()).isZero();
        assertThat(objects("lake")).containsKey("analytics/users/part (1).parquet");
    }

    @Test
    void exportingAgainWithoutChangesPutsNothingAndAChangedMonthIsPutAgain() throws Exception {
        String to = "s3://" + bucket + "/lake";
        ExportSummary first = export(to, LakeFormat.PARQUET);
        Map<String, String> before = objects("lake");
        assertThat(export(to, LakeFormat.PARQUET)).isEqualTo(new ExportSummary(3, 7, 0, 7, 0, first.bytes()));
        assertThat(objects("lake")).isEqualTo(before);

        SqlScript.execute(warehouse.connection(), "UPDATE central.spotify_streams SET ms_played = 2000 WHERE track = 'Jóga'; DROP TABLE analytics.users");
        ExportSummary second = export(to, LakeFormat.PARQUET);
        assertThat(second.written()).isEqualTo(1);
        assertThat(second.removed()).isEqualTo(1);
        Map<String, String> after = objects("lake");
        assertThat(after).doesNotContainKey("analytics/users/part.parquet");
        assertThat(after.keySet().stream().filter(k -> before.containsKey(k) && !before.get(k).equals(after.get(k))))
                .containsExactlyInAnyOrder("central/spotify_streams/year=2019/month=03/part.parquet", LakeFolder.MANIFEST);
    }

    @Test
    void theLocalFolderOfAKilledExportIsDeletedByTheNextOne() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Path leftover = Files.createDirectories(temp.resolve("soundstage-lake-" + ProcessMark.tagOf(dead.pid()) + "-12345/scratch"));
        Path alive = Files.createDirectories(temp.resolve("soundstage-lake-" + ProcessMark.tag() + "-67890"));
        // another PID namespace's (a container sharing this folder), and an older version's: their process cannot be told from here
        Path otherNamespace = Files.createDirectories(temp.resolve("soundstage-lake-" + dead.pid() + "." + (ProcessMark.machine().equals("0badcafe") ? "0badcaff" : "0badcafe") + "-12345"));
        Path older = Files.createDirectories(temp.resolve("soundstage-lake-" + dead.pid() + "-12345"));
        try {
            export("s3://" + bucket + "/lake", LakeFormat.JSON);
            assertThat(leftover.getParent()).doesNotExist();
            assertThat(alive).exists();
            assertThat(otherNamespace).exists();
            assertThat(older).exists();
        } finally {
            Files.deleteIfExists(leftover);
            Files.deleteIfExists(leftover.getParent());
            Files.deleteIfExists(alive);
            Files.deleteIfExists(otherNamespace);
            Files.deleteIfExists(older);
        }
    }

    /**
     * A first export killed after its first PUT leaves its lock and that object, and no manifest:
     * the lake's format is unknown, so the next export, of the other format, deletes the object
     * (it was kept for good, and warned of as an object no export put).
     */
    @Test
    void theObjectsOfAKilledFirstExportAreDeletedByTheNextExportOfTheOtherFormat() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        client.putObject(r -> r.bucket(bucket).key("lake/" + LakeFolder.LOCK), RequestBody.fromString("{\"host\":\"" + InetAddress.getLocalHost().getHostName()
                + "\",\"pid\":" + dead.pid() + ",\"since\":\"2026-12-04T10:00:00Z\",\"machine\":\"" + ProcessMark.machine() + "\"}", StandardCharsets.UTF_8));
        client.putObject(r -> r.bucket(bucket).key("lake/central/spotify_streams/year=2018/month=12/part.json"), RequestBody.fromString("{}\n", StandardCharsets.UTF_8));
        ExportSummary summary = export("s3://" + bucket + "/lake", LakeFormat.PARQUET);
        assertThat(summary).isEqualTo(new ExportSummary(3, 7, 7, 0, 1, summary.bytes()));
        assertThat(objects("lake").keySet()).filteredOn(key -> !key.startsWith(LakeFolder.META + "/")).hasSize(7).allMatch(key -> key.endsWith("/part.parquet"));
    }

    @Test
    void anObjectDeletedByHandIsPutAgain() throws Exception {
        String to = "s3://" + bucket;
        export(to, LakeFormat.JSON);
        client.deleteObject(r -> r.bucket(bucket).key("analytics/users/part.json"));
        assertThat(export(to, LakeFormat.JSON).written()).isEqualTo(1);
        assertThat(objects("")).containsKey("analytics/users/part.json");
    }

    @Test
    void aPrefixHoldingOtherObjectsIsRefusedAndLeftAlone() {
        client.putObject(r -> r.bucket(bucket).key("reports/2019.csv"), RequestBody.fromString("a,b\n", StandardCharsets.UTF_8));
        assertThatThrownBy(() -> export("s3://" + bucket + "/reports", LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("'s3://" + bucket + "/reports' is not empty and holds no lake of an earlier export (it has no _soundstage/ objects), "
                        + "so export will not write into it. Choose a new or empty prefix with --to.");
        assertThat(objects("reports")).containsOnlyKeys("2019.csv");
    }

    @Test
    void aMissingBucketIsOneLine() {
        assertThatThrownBy(() -> export("s3://no-such-bucket-here/lake", LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("Bucket 'no-such-bucket-here' does not exist at " + settings.endpoint()
                        + ". Create it first (an export never creates buckets), or check the address given to --to.");
    }

    @Test
    void aWrongSecretKeyIsOneLine() {
        assertThatThrownBy(() -> export("s3://" + bucket + "/lake", LakeFormat.PARQUET, settings(settings.endpoint(), "wrong")))
                .isInstanceOf(UserException.class)
                .hasMessage(settings.endpoint() + " refused to list 's3://" + bucket + "/lake' (SignatureDoesNotMatch). "
                        + "Check the access key (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and the bucket's permissions.");
        assertThat(objects("lake")).isEmpty();
    }

    @Test
    void aStoreThatIsNotRunningIsOneLine() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closed);
        assertThatThrownBy(() -> export("s3://" + bucket + "/lake", LakeFormat.PARQUET, settings(nowhere, TestS3.SECRET_KEY)))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot reach " + nowhere + " to list 's3://" + bucket + "/lake': ")
                .hasMessageEndingWith(". Check the address (AWS_ENDPOINT_URL for an S3-compatible store) and that the store is running.")
                .matches(e -> ((UserException) e).mayPass(), "may pass: a scheduled run's export.lake tries it again");
    }

    @Test
    void aLakeBeingWrittenIsRefusedAndTheLockOfADeadProcessIsTakenOver() throws Exception {
        String to = "s3://" + bucket + "/lake";
        export(to, LakeFormat.PARQUET);
        String lock = "lake/" + LakeFolder.LOCK;
        String host = InetAddress.getLocalHost().getHostName();
        String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.putObject(r -> r.bucket(bucket).key(lock), RequestBody.fromString(
                "{\"host\":\"" + host + "\",\"pid\":" + ProcessHandle.current().pid() + ",\"since\":\"" + since + "\",\"machine\":\"" + ProcessMark.machine() + "\"}",
                StandardCharsets.UTF_8));
        assertThatThrownBy(() -> export(to, LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("'" + to + "' is being written by another export (process " + ProcessHandle.current().pid() + " on " + host
                        + ", since " + since + "). Wait for it to finish; if none is running, delete s3://" + bucket + "/" + lock + " and try again.");

        // An export of another PID namespace with this host name (a container on the host's
        // network): its process id names no process here, yet it runs.
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        for (String otherMachine : new String[] {"", ProcessMark.machine().equals("0badcafe") ? "0badcaff" : "0badcafe"}) {
            client.putObject(r -> r.bucket(bucket).key(lock), RequestBody.fromString(
                    "{\"host\":\"" + host + "\",\"pid\":" + dead.pid() + ",\"since\":\"" + since + "\""
                            + (otherMachine.isEmpty() ? "" : ",\"machine\":\"" + otherMachine + "\"") + "}", StandardCharsets.UTF_8));
            assertThatThrownBy(() -> export(to, LakeFormat.PARQUET)).as("machine '%s'", otherMachine)
                    .isInstanceOf(UserException.class).hasMessageContaining("is being written by another export (process " + dead.pid() + " on " + host);
        }

        client.putObject(r -> r.bucket(bucket).key(lock), RequestBody.fromString(
                "{\"host\":\"" + host + "\",\"pid\":" + dead.pid() + ",\"since\":\"" + since + "\",\"machine\":\"" + ProcessMark.machine() + "\"}",
                StandardCharsets.UTF_8));
        assertThat(export(to, LakeFormat.PARQUET).unchanged()).isEqualTo(7);
        assertThat(objects("lake")).doesNotContainKey(LakeFolder.LOCK);
    }

    /**
     * S3Proxy, like some S3-compatible stores, ignores If-None-Match: another export that found no
     * lock puts its own over this one's. This one reads the lock back before it writes, sees a
     * token not its own, refuses, and leaves the other's lock alone.
     */
    @Test
    void anExportWhoseLockAnotherPutOverRefusesAndLeavesTheOthersLock() throws Exception {
        String to = "s3://" + bucket + "/lake";
        String lock = "lake/" + LakeFolder.LOCK;
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<ExportSummary> first = background.submit(() -> export(to, LakeFormat.PARQUET));
            String other = "{\"host\":\"elsewhere\",\"pid\":4242,\"since\":\"2026-12-06T10:00:00Z\",\"token\":\"the other export's\"}";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!objects("lake").containsKey(LakeFolder.LOCK)) {
                assertThat(System.nanoTime()).as("the export puts its lock").isLessThan(deadline);
                Thread.sleep(5);
            }
            Thread.sleep(300);   // after its second put, which finds out that the store ignores If-None-Match; before it reads back
            client.putObject(r -> r.bucket(bucket).key(lock), RequestBody.fromString(other, StandardCharsets.UTF_8));
            assertThatThrownBy(first::get).hasCauseInstanceOf(UserException.class)
                    .cause().hasMessage("'" + to + "' is being written by another export, which took its lock just now. Wait for it to finish.");
            assertThat(objects("lake")).containsOnlyKeys(LakeFolder.LOCK);
            assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key(lock)).asUtf8String()).isEqualTo(other);
        } finally {
            background.shutdownNow();
        }
    }

    /** Two exports into one prefix at the same moment, a few times: never both write. */
    @Test
    void ofTwoExportsIntoOnePrefixAtOnceOneRefuses() throws Exception {
        try (Warehouse second = DuckDbWarehouse.open(dir.resolve("second.duckdb"))) {
            TestingLake.createTables(second.connection());
            ExecutorService both = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 3; round++) {
                    String to = "s3://" + bucket + "/race-" + round;
                    CyclicBarrier start = new CyclicBarrier(2);
                    List<Future<ExportSummary>> exports = new ArrayList<>();
                    for (Warehouse from : List.of(warehouse, second)) {
                        exports.add(both.submit(() -> {
                            start.await();
                            return new LakeExporter(from, () -> settings).export(LakeLocation.parse(to, dir), LakeFormat.PARQUET, Progress.NONE);
                        }));
                    }
                    List<String> refusals = new ArrayList<>();
                    for (Future<ExportSummary> export : exports) {
                        try {
                            export.get();
                        } catch (ExecutionException e) {
                            assertThat(e.getCause()).isInstanceOf(UserException.class);
                            refusals.add(e.getCause().getMessage());
                        }
                    }
                    assertThat(refusals).as("round " + round).singleElement().asString().contains("is being written by another export");
                }
            } finally {
                both.shutdownNow();
            }
        }
    }

    @Test
    void aLockThatIsNotAnExportsIsNamedWithTheFix() throws Exception {
        String to = "s3://" + bucket + "/lake";
        String lock = "lake/" + LakeFolder.LOCK;
        client.putObject(r -> r.bucket(bucket).key(lock), RequestBody.fromString("not json", StandardCharsets.UTF_8));
        assertThatThrownBy(() -> export(to, LakeFormat.PARQUET))
                .isInstanceOf(UserException.class)
                .hasMessage("'" + to + "' holds s3://" + bucket + "/" + lock + ", which is not the lock of a Soundstage export: "
                        + "if no export is running, delete it and try again.");
    }

    /**
     * An unreadable manifest on S3 says to delete the prefix's objects: deleting the manifest
     * alone, as the folder lake's message says, leaves files without any _soundstage/ object,
     * which the next export refuses as a stranger's prefix.
     */
    @Test
    void anUnreadableManifestSaysToDeleteThePrefixsObjects() throws Exception {
        String to = "s3://" + bucket + "/lake";
        export(to, LakeFormat.JSON);
        client.putObject(r -> r.bucket(bucket).key("lake/" + LakeFolder.MANIFEST), RequestBody.fromString("not json", StandardCharsets.UTF_8));
        assertThatThrownBy(() -> export(to, LakeFormat.JSON))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot read the lake's manifest 's3://" + bucket + "/lake/" + LakeFolder.MANIFEST + "': it is not JSON (at line 1). "
                        + "Delete every object under " + to + " to export every file again.");
    }

    @Test
    void addressesOfLakes() {
        assertThat(LakeLocation.parse("s3://my-bucket", dir)).isEqualTo(new LakeLocation.S3("my-bucket", ""));
        assertThat(LakeLocation.parse("s3://my-bucket//team/lake/", dir)).isEqualTo(new LakeLocation.S3("my-bucket", "team/lake"));
        assertThat(LakeLocation.parse("lake", dir)).isEqualTo(new LakeLocation.Folder(dir.resolve("lake")));
        assertThatThrownBy(() -> LakeLocation.parse("s3://My_Bucket/lake", dir)).isInstanceOf(UserException.class)
                .hasMessage("'My_Bucket' in 's3://My_Bucket/lake' is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens). "
                        + "Write the lake's address as s3://BUCKET/PREFIX.");
        assertThatThrownBy(() -> LakeLocation.parse("s3://bucket/a/../b", dir)).isInstanceOf(UserException.class)
                .hasMessageContaining("holds '..'");
        assertThatThrownBy(() -> LakeLocation.parse("s3:/bucket/lake", dir)).isInstanceOf(UserException.class)
                .hasMessage("'s3:/bucket/lake' is not an S3 address: write it s3://BUCKET/PREFIX, with two slashes.");
        assertThatThrownBy(() -> LakeLocation.parse("S3://bucket/lake", dir)).isInstanceOf(UserException.class)
                .hasMessage("'S3://bucket/lake' is not an S3 address: write its scheme in lower case, s3://BUCKET/PREFIX.");
        assertThatThrownBy(() -> LakeLocation.parse("gs:bucket", dir)).isInstanceOf(UserException.class).hasMessageContaining("is not a place");
        assertThat(LakeLocation.parse("C:/lake", dir)).isInstanceOf(LakeLocation.Folder.class);
        assertThatThrownBy(() -> LakeLocation.parse("gs://bucket/lake", dir)).isInstanceOf(UserException.class)
                .hasMessage("'gs://bucket/lake' is not a place Soundstage can write a lake to: give a local folder or s3://BUCKET/PREFIX "
                        + "(S3 or an S3-compatible store such as MinIO).");
    }
}
