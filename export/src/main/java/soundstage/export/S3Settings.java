package soundstage.export;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import soundstage.core.UserException;

/**
 * How to reach S3 or an S3-compatible store, from the settings every AWS tool reads.
 *
 * @param endpoint the store's address ({@code http://localhost:9000} for MinIO), or null for
 *     AWS's own; with an endpoint, buckets are addressed by path ({@code ENDPOINT/bucket/key}), as
 *     S3-compatible stores expect, and checksums are sent only where S3 requires them (older
 *     stores refuse the newer trailing ones)
 * @param region the region; {@code us-east-1} when none is configured
 * @param credentials where the access key comes from
 */
public record S3Settings(URI endpoint, Region region, AwsCredentialsProvider credentials) {
    /**
     * The AWS settings of this process: the endpoint from {@code AWS_ENDPOINT_URL_S3} or
     * {@code AWS_ENDPOINT_URL} (or the system properties {@code aws.endpointUrlS3},
     * {@code aws.endpointUrl}); the region from {@code AWS_REGION} (or {@code aws.region}), else
     * us-east-1; credentials by AWS's default chain (environment, system properties, the profile
     * files, container and instance roles).
     */
    public static S3Settings fromEnvironment() {
        return from(System.getenv(), System::getProperty);
    }

    static S3Settings from(Map<String, String> environment, Function<String, String> properties) {
        String endpoint = first(properties.apply("aws.endpointUrlS3"), environment.get("AWS_ENDPOINT_URL_S3"),
                properties.apply("aws.endpointUrl"), environment.get("AWS_ENDPOINT_URL"));
        String region = first(properties.apply("aws.region"), environment.get("AWS_REGION"), environment.get("AWS_DEFAULT_REGION"));
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new UserException("The S3 endpoint '" + endpoint + "' (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL) is not an http:// or https:// "
                        + "address. Set it to the store's address, such as http://localhost:9000, or unset it for AWS.");
            }
        }
        return new S3Settings(uri, region == null ? Region.US_EAST_1 : Region.of(region), DefaultCredentialsProvider.builder().build());
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** Where requests go, for messages. */
    String shownEndpoint() {
        return endpoint == null ? "AWS S3 (" + region.id() + ")" : endpoint.toString();
    }
}
