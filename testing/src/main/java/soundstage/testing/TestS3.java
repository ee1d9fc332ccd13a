package soundstage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server on loopback for the lake's tests: S3Proxy speaks the S3 protocol (signed
 * requests, XML answers, S3's error codes) and keeps each bucket as a folder of {@code store}, so
 * a test can read what an export put as files.
 */
public final class TestS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "soundstage-test";
    public static final String SECRET_KEY = "soundstage-test-secret";

    private final S3Proxy server;
    private final Path store;

    private TestS3(S3Proxy server, Path store) {
        this.server = server;
        this.store = store;
    }

    /** Starts a server on a free port of 127.0.0.1 that keeps its buckets in {@code store}. */
    public static TestS3 start(Path store) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", store.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials(ACCESS_KEY, SECRET_KEY).overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy server = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        server.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(server.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + server.getState());
            }
            Thread.sleep(10);
        }
        return new TestS3(server, store);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** Every object under {@code prefix} of {@code bucket}: key below the prefix to the SHA-256 of its bytes. */
    public Map<String, String> objects(String bucket, String prefix) {
        for (int attempt = 1; ; attempt++) {
            try {
                return files(store.resolve(bucket).resolve(prefix), null);
            } catch (UncheckedIOException e) {
                // S3Proxy writes an object as a temporary file that it renames: one may vanish while it is listed
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Every file below {@code folder} but {@code except} (a relative path, or null): relative path to the SHA-256 of its bytes. */
    public static Map<String, String> files(Path folder, String except) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String name = folder.relativize(path).toString().replace('\\', '/');
                if (!name.equals(except)) {
                    files.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
