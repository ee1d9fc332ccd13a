package soundstage.export;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.regex.Pattern;
import soundstage.core.UserException;

/**
 * Where a lake lives: a local folder, or a bucket and key prefix of S3 or an S3-compatible store
 * ({@code s3://bucket/prefix}).
 */
public sealed interface LakeLocation {
    /** A local folder. */
    record Folder(Path path) implements LakeLocation {
        public Folder {
            requireNonNull(path, "path is null");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * Objects under {@code prefix/} in {@code bucket}.
     *
     * @param prefix without leading or trailing slash; empty for the bucket's root
     */
    record S3(String bucket, String prefix) implements LakeLocation {
        public S3 {
            requireNonNull(bucket, "bucket is null");
            requireNonNull(prefix, "prefix is null");
        }

        /** The key of {@code file}, a path relative to the lake's root. */
        String key(String file) {
            return prefix.isEmpty() ? file : prefix + "/" + file;
        }

        @Override
        public String toString() {
            return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        }
    }

    /** S3's rule for bucket names (3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at each end). */
    Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** An address of some scheme, also with one slash too few ({@code s3:/bucket}); not a drive letter ({@code C:/lake}). */
    Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:/?/?.*");

    /**
     * What the user wrote after {@code --to} or under {@code lake.to}: {@code s3://bucket/prefix},
     * else a folder, resolved against {@code base}.
     *
     * @throws UserException for an address of another scheme or an invalid bucket name
     */
    static LakeLocation parse(String text, Path base) {
        requireNonNull(text, "text is null");
        if (text.isBlank()) {
            throw new UserException("--to is empty. Give the lake's folder, or s3://BUCKET/PREFIX.");
        }
        if (text.startsWith("s3://")) {
            String rest = text.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+", "/").replaceAll("^/|/$", "");
            if (!BUCKET.matcher(bucket).matches()) {
                throw new UserException("'" + bucket + "' in '" + text + "' is not an S3 bucket name (3 to 63 lower-case letters, digits, dots "
                        + "and hyphens). Write the lake's address as s3://BUCKET/PREFIX.");
            }
            for (String part : prefix.split("/")) {
                if (part.equals(".") || part.equals("..")) {
                    throw new UserException("The key prefix of '" + text + "' holds '" + part + "', which S3 keeps as a name rather than a step between "
                            + "folders. Write the prefix without it.");
                }
            }
            return new S3(bucket, prefix);
        }
        if (text.regionMatches(true, 0, "s3://", 0, 5)) {
            throw new UserException("'" + text + "' is not an S3 address: write its scheme in lower case, s3://BUCKET/PREFIX.");
        }
        if (text.regionMatches(true, 0, "s3:", 0, 3)) {
            throw new UserException("'" + text + "' is not an S3 address: write it s3://BUCKET/PREFIX, with two slashes.");
        }
        if (SCHEME.matcher(text).matches()) {
            throw new UserException("'" + text + "' is not a place Soundstage can write a lake to: give a local folder or s3://BUCKET/PREFIX "
                    + "(S3 or an S3-compatible store such as MinIO).");
        }
        return new Folder(base.resolve(text));
    }
}
