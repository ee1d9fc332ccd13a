package soundstage.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import soundstage.core.UserException;

/** Where the S3 settings come from: the variables and system properties every AWS tool reads. */
class TestS3Settings {
    private static S3Settings from(Map<String, String> environment, Map<String, String> properties) {
        return S3Settings.from(environment, properties::get);
    }

    @Test
    void withNothingSetItIsAwsInUsEast1() {
        S3Settings settings = from(Map.of(), Map.of());
        assertThat(settings.endpoint()).isNull();
        assertThat(settings.region()).isEqualTo(Region.US_EAST_1);
        assertThat(settings.shownEndpoint()).isEqualTo("AWS S3 (us-east-1)");
    }

    @Test
    void theS3EndpointComesBeforeTheGeneralOneAndAPropertyBeforeAVariable() {
        assertThat(from(Map.of("AWS_ENDPOINT_URL", "http://general:9000", "AWS_ENDPOINT_URL_S3", "http://minio:9000"), Map.of()).endpoint())
                .isEqualTo(URI.create("http://minio:9000"));
        assertThat(from(Map.of("AWS_ENDPOINT_URL", "http://general:9000"), Map.of()).endpoint()).isEqualTo(URI.create("http://general:9000"));
        assertThat(from(Map.of("AWS_ENDPOINT_URL_S3", "http://minio:9000"), Map.of("aws.endpointUrlS3", "https://ceph.example:443")).endpoint())
                .isEqualTo(URI.create("https://ceph.example:443"));
        assertThat(from(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-west-2"), Map.of()).region()).isEqualTo(Region.EU_WEST_1);
        assertThat(from(Map.of("AWS_DEFAULT_REGION", "us-west-2"), Map.of()).region()).isEqualTo(Region.US_WEST_2);
    }

    @Test
    void anEndpointThatIsNotAnHttpAddressIsOneLine() {
        for (String bad : new String[] {"localhost:9000", "ftp://minio:21", "http://"}) {
            assertThatThrownBy(() -> from(Map.of("AWS_ENDPOINT_URL", bad), Map.of()))
                    .as(bad)
                    .isInstanceOf(UserException.class)
                    .hasMessage("The S3 endpoint '" + bad + "' (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL) is not an http:// or https:// address. "
                            + "Set it to the store's address, such as http://localhost:9000, or unset it for AWS.");
        }
    }
}
