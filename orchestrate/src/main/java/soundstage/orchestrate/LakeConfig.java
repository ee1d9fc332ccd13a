package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import soundstage.export.LakeFormat;
import soundstage.export.LakeLocation;

/**
 * Where the pipeline's export task writes the lake.
 *
 * @param to the lake's folder, resolved against the configuration file's folder, or its S3 prefix
 * @param format the files' format
 */
public record LakeConfig(LakeLocation to, LakeFormat format) {
    public LakeConfig {
        requireNonNull(to, "to is null");
        requireNonNull(format, "format is null");
    }
}
