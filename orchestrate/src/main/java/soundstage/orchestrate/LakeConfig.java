package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import soundstage.export.LakeFormat;

/**
 * Where the pipeline's export task writes the lake.
 *
 * @param to the lake's folder, resolved against the configuration file's folder
 * @param format the files' format
 */
public record LakeConfig(Path to, LakeFormat format) {
    public LakeConfig {
        requireNonNull(to, "to is null");
        requireNonNull(format, "format is null");
    }
}
