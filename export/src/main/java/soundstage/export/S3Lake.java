package soundstage.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import soundstage.core.ErrorMessage;
import soundstage.core.LockHolder;
import soundstage.core.ProcessMark;
import soundstage.core.UserException;

/**
 * The lake under a key prefix of an S3 bucket, on AWS or an S3-compatible store (MinIO, Ceph,
 * ...), through AWS's client. DuckDB writes each file into a local temporary folder, and one
 * {@code PUT} uploads it: S3 shows an object only once it is whole, so readers never see half a
 * file. A crashed export leaves no partial object, but the objects it put, its lock (which the
 * next export of this host takes over) and its local folder, under {@code java.io.tmpdir}, which
 * the next export to S3 on this machine deletes. Files are single {@code PUT}s, so one partition
 * file can be at most 5 GB, S3's limit.
 *
 * <p>S3 has no locks. An export writes {@code _soundstage/lock} with {@code If-None-Match: *}
 * holding its host, process, start and a random token, and deletes it when done; another export
 * finding it refuses, naming the holder, unless the holder is a dead process of the same host.
 * A store that ignores {@code If-None-Match} (it takes a second conditional put of the lock) lets
 * two exports that looked at the same moment both put one: there each export reads the lock
 * back a second later, and the one whose token is not there refuses. The bucket must exist: an
 * export never creates buckets.
 */
final class S3Lake implements Lake {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client client;
    private final LakeLocation.S3 location;
    private final S3Settings settings;
    private final Path local;

    private S3Lake(S3Client client, LakeLocation.S3 location, S3Settings settings, Path local) {
        this.client = client;
        this.location = location;
        this.settings = settings;
        this.local = local;
    }

    static S3Client client(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(settings.region())
                .credentialsProvider(settings.credentials());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint())
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    /**
     * Checks, without changing anything, that the prefix can hold a lake: nothing is under it, or
     * a lake an export wrote before.
     *
     * @throws UserException otherwise, or when the bucket cannot be reached
     */
    static void check(LakeLocation.S3 location, S3Settings settings) {
        try (S3Client client = client(settings)) {
            check(client, location, settings);
        }
    }

    private static void check(S3Client client, LakeLocation.S3 location, S3Settings settings) {
        try {
            // Anything first, then the lake's own objects: another export that starts meanwhile puts
            // its lock (a _soundstage/ object) before any other, so the prefix is seen empty, or
            // with that lock (and is then refused by it, naming the export), never as a stranger's.
            if (hasAny(client, location.bucket(), location.prefix().isEmpty() ? "" : location.prefix() + "/")
                    && !hasAny(client, location.bucket(), location.key(LakeFolder.META + "/"))) {
                throw new UserException("'" + location + "' is not empty and holds no lake of an earlier export (it has no " + LakeFolder.META
                        + "/ objects), so export will not write into it. Choose a new or empty prefix with --to.");
            }
        } catch (S3Exception | SdkClientException e) {
            throw failure(e, "list", location, settings);
        }
    }

    private static boolean hasAny(S3Client client, String bucket, String prefix) {
        return client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(1)).keyCount() > 0;
    }

    /**
     * Opens the lake at {@code location}, taking its lock.
     *
     * @throws UserException when the prefix cannot hold a lake (see {@link #check}), the store
     *     cannot be reached or refuses, or another export holds the lock
     */
    static S3Lake open(LakeLocation.S3 location, S3Settings settings) throws IOException {
        S3Client client = client(settings);
        Path local = null;
        try {
            check(client, location, settings);
            deleteLeftovers();
            local = Files.createTempDirectory(LOCAL_PREFIX + ProcessMark.tag() + "-");
            Files.createDirectories(local.resolve("scratch"));
            lock(client, location, settings);   // last: nothing after it can fail and leave the lock behind
            return new S3Lake(client, location, settings, local);
        } catch (IOException | RuntimeException e) {
            if (local != null) {
                LakeFolder.deleteTree(local);
            }
            client.close();
            throw e;
        }
    }

    /** The local folders of exports to S3 are {@code java.io.tmpdir/soundstage-lake-<process tag>-<random>} ({@link ProcessMark#tag()}). */
    private static final String LOCAL_PREFIX = "soundstage-lake-";

    /**
     * Deletes the local folders that exports to S3 killed on this machine left behind (their
     * process is gone). A folder of another PID namespace (a container sharing this temporary
     * folder), or of a version that named folders by process id alone, is left: its process cannot be told from here.
     */
    private static void deleteLeftovers() throws IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> leftovers;
        try (Stream<Path> folders = Files.list(temp)) {
            leftovers = folders.filter(folder -> {
                String name = folder.getFileName().toString();
                if (!name.startsWith(LOCAL_PREFIX)) {
                    return false;
                }
                return ProcessMark.endedHere(name.substring(LOCAL_PREFIX.length()).replaceFirst("-.*", ""));
            }).toList();
        }
        for (Path folder : leftovers) {
            LakeFolder.deleteTree(folder);
        }
    }

    /**
     * How long an export waits before it reads its lock back, on a store that ignores
     * {@code If-None-Match}: longer than another export takes from finding no lock to putting its own.
     */
    private static final long CONFIRM_AFTER_MILLIS = 1_000;

    private static void lock(S3Client client, LakeLocation.S3 location, S3Settings settings) throws IOException {
        String key = location.key(LakeFolder.LOCK);
        String token = UUID.randomUUID().toString();
        boolean put = false;
        try {
            JsonNode holder = readLock(client, location.bucket(), key);
            if (holder != null) {
                String host = holder.path("host").asText("");
                long pid = holder.path("pid").asLong(-1);
                if (host.isEmpty() || pid <= 0) {
                    throw new UserException("'" + location + "' holds s3://" + location.bucket() + "/" + key + ", which is not the lock of a Soundstage export: "
                            + "if no export is running, delete it and try again.");
                }
                boolean deadHere = new LockHolder("export", pid, host, since(holder), holder.path("machine").asText("")).endedOnThisHost();
                if (!deadHere) {
                    throw new UserException("'" + location + "' is being written by another export (process " + pid + " on " + host + ", since "
                            + holder.path("since").asText("?") + "). Wait for it to finish; if none is running, delete s3://" + location.bucket()
                            + "/" + key + " and try again.");
                }
                client.deleteObject(r -> r.bucket(location.bucket()).key(key));
            }
            byte[] content = JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("host", hostName()).put("pid", ProcessHandle.current().pid()).put("since", Instant.now().toString())
                    .put("machine", ProcessMark.machine()).put("token", token));
            if (!putLock(client, location, key, content)) {
                throw tookItJustNow(location);
            }
            put = true;
            if (putLock(client, location, key, content)) {
                // The store took a second conditional put of a key that exists, so it ignores
                // If-None-Match (S3Proxy does), and another export that found no lock when this one
                // did may have put its own over it. The last put wins: read it back once both are done.
                pauseBeforeConfirming();
                JsonNode now = readLock(client, location.bucket(), key);
                if (now == null || !token.equals(now.path("token").asText())) {
                    put = false;   // not ours to delete
                    throw tookItJustNow(location);
                }
            }
        } catch (S3Exception e) {
            throw failure(e, "lock", location, settings);
        } catch (SdkClientException e) {
            if (put) {
                deleteIfOurs(client, location.bucket(), key, token);
            }
            throw failure(e, "lock", location, settings);
        }
    }

    /**
     * Puts the lock unless the key exists, where the store honours {@code If-None-Match}.
     *
     * @return true when it was put; false when the store refused because the key exists (412)
     */
    private static boolean putLock(S3Client client, LakeLocation.S3 location, String key, byte[] content) {
        try {
            client.putObject(r -> r.bucket(location.bucket()).key(key).ifNoneMatch("*").contentType("application/json"), RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    private static UserException tookItJustNow(LakeLocation.S3 location) {
        return new UserException("'" + location + "' is being written by another export, which took its lock just now. Wait for it to finish.");
    }

    private static void pauseBeforeConfirming() throws IOException {
        try {
            Thread.sleep(CONFIRM_AFTER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while taking the lake's lock");
        }
    }

    /** Best effort, after a failure: the lock this export put is deleted if it is still there. */
    private static void deleteIfOurs(S3Client client, String bucket, String key, String token) {
        try {
            JsonNode now = readLock(client, bucket, key);
            if (now != null && token.equals(now.path("token").asText())) {
                client.deleteObject(r -> r.bucket(bucket).key(key));
            }
        } catch (IOException | RuntimeException ignored) {
            // the store cannot be reached: the lock stays, and the message says how to remove it
        }
    }

    private static JsonNode readLock(S3Client client, String bucket, String key) throws IOException {
        try {
            byte[] bytes = client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
            try {
                return JSON.readTree(bytes);
            } catch (IOException unreadable) {
                return JSON.createObjectNode();
            }
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static String hostName() {
        String host = LockHolder.thisHost();
        return host.isEmpty() ? "localhost" : host;
    }

    /** When the export that holds a lock took it; null when the lock does not say. */
    private static Instant since(JsonNode lock) {
        try {
            return Instant.parse(lock.path("since").asText(""));
        } catch (java.time.format.DateTimeParseException unknown) {
            return null;
        }
    }

    /** One line for what the store or the connection said, with the fix. */
    static UserException failure(RuntimeException e, String action, LakeLocation.S3 location, S3Settings settings) {
        String endpoint = settings.shownEndpoint();
        if (e instanceof NoSuchBucketException || e instanceof S3Exception s3 && "NoSuchBucket".equals(code(s3))) {
            return new UserException("Bucket '" + location.bucket() + "' does not exist at " + endpoint
                    + ". Create it first (an export never creates buckets), or check the address given to --to.", e);
        }
        if (e instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() == 401)) {
            return new UserException(endpoint + " refused to " + action + " '" + location + "' (" + code(s3) + "). Check the access key "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and the bucket's permissions.", e);
        }
        if (e instanceof S3Exception s3 && s3.statusCode() >= 500) {   // 503 SlowDown, 500 InternalError: the store's own trouble
            return UserException.mayPass(endpoint + " failed to " + action + " '" + location + "': " + code(s3) + " (HTTP " + s3.statusCode() + "). Try again later.", e);
        }
        if (e instanceof S3Exception s3) {
            return new UserException(endpoint + " refused to " + action + " '" + location + "': " + code(s3) + " (HTTP " + s3.statusCode() + ").", e);
        }
        String message = ErrorMessage.clause(e);
        if (message.contains("credentials")) {
            return new UserException("No AWS credentials for '" + location + "'. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE.", e);
        }
        return UserException.mayPass("Cannot reach " + endpoint + " to " + action + " '" + location + "': " + message
                + ". Check the address (AWS_ENDPOINT_URL for an S3-compatible store) and that the store is running.", e);
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null ? e.awsErrorDetails().errorCode() : "HTTP " + e.statusCode();
    }

    @Override
    public Manifest readManifest() throws IOException {
        String key = location.key(LakeFolder.MANIFEST);
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = client.getObjectAsBytes(r -> r.bucket(location.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            return Manifest.empty();
        } catch (S3Exception | SdkClientException e) {
            throw failure(e, "read the manifest of", location, settings);
        }
        // Not "delete it": a prefix of files without any _soundstage/ object is refused as a stranger's.
        return Manifest.read(bytes.asByteArray(), "s3://" + location.bucket() + "/" + key, location.toString(),
                "Delete every object under " + location + " to export every file again.");
    }

    @Override
    public void writeManifest(Manifest manifest) throws IOException {
        byte[] json = manifest.toJson();
        try {
            client.putObject(r -> r.bucket(location.bucket()).key(location.key(LakeFolder.MANIFEST)).contentType("application/json"),
                    RequestBody.fromBytes(json));
        } catch (S3Exception | SdkClientException e) {
            throw failure(e, "write the manifest of", location, settings);
        }
    }

    @Override
    public Path temporary(String file) throws IOException {
        return Files.createTempFile(local, "part-", ".tmp");
    }

    @Override
    public long publish(Path temporary, String file) throws IOException {
        long size = Files.size(temporary);
        try {
            client.putObject(r -> r.bucket(location.bucket()).key(location.key(file)), RequestBody.fromFile(temporary));
        } catch (S3Exception | SdkClientException e) {
            throw failure(e, "write " + file + " into", location, settings);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return size;
    }

    @Override
    public void discard(Path temporary) throws IOException {
        if (!temporary.startsWith(local)) {
            throw new IllegalStateException("'" + temporary + "' is not a temporary file of the lake '" + location + "'");
        }
        Files.deleteIfExists(temporary);
    }

    @Override
    public OptionalLong size(String file) {
        try {
            return OptionalLong.of(client.headObject(r -> r.bucket(location.bucket()).key(location.key(file))).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();   // a HEAD's answer has no body, so no error code either
            }
            throw failure(e, "read", location, settings);
        } catch (SdkClientException e) {
            throw failure(e, "read", location, settings);
        }
    }

    @Override
    public void delete(String file) {
        try {
            client.deleteObject(r -> r.bucket(location.bucket()).key(location.key(file)));
        } catch (S3Exception | SdkClientException e) {
            throw failure(e, "delete " + file + " from", location, settings);
        }
    }

    @Override
    public List<String> files(String folder) {
        String root = location.key("");
        List<String> files = new ArrayList<>();
        try {
            client.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(location.key(folder) + "/"))
                    .contents().stream().map(object -> object.key().substring(root.length()))
                    .filter(file -> !file.endsWith("/"))   // a folder's marker (the S3 console makes them), not a file
                    .forEach(files::add);
        } catch (S3Exception | SdkClientException e) {
            throw failure(e, "list the files of", location, settings);
        }
        return files.stream().sorted().toList();
    }

    @Override
    public Path scratch() {
        return local.resolve("scratch");
    }

    /** Deletes the lock and the local temporary folder. */
    @Override
    public void close() throws IOException {
        try (S3Client closing = client) {
            closing.deleteObject(r -> r.bucket(location.bucket()).key(location.key(LakeFolder.LOCK)));
        } catch (S3Exception | SdkClientException e) {
            throw failure(e, "unlock", location, settings);
        } finally {
            LakeFolder.deleteTree(local);
        }
    }
}
