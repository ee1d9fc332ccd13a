package soundstage.export;

import java.util.Arrays;
import java.util.stream.Collectors;
import soundstage.core.UserException;

/** The file formats of the lake. DuckDB writes both, with its {@code COPY ... TO}. */
public enum LakeFormat {
    /** Apache Parquet, typed and compressed (DuckDB's default, Snappy). */
    PARQUET("parquet"),
    /** Newline-delimited JSON: one object per row, keys in column order. */
    JSON("json");

    private final String cliName;

    LakeFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name users type after {@code --format}, and the files' extension. */
    public String cliName() {
        return cliName;
    }

    /** The name of every file of this format in the lake: {@code part.parquet}, {@code part.json}. */
    String fileName() {
        return "part." + cliName;
    }

    /** The option of DuckDB's {@code COPY} that writes this format. */
    String copyOption() {
        return "FORMAT " + cliName;
    }

    /**
     * Finds a format by its command-line name.
     *
     * @throws UserException naming the known formats when {@code name} is not one of them
     */
    public static LakeFormat fromCliName(String name) {
        for (LakeFormat format : values()) {
            if (format.cliName.equals(name)) {
                return format;
            }
        }
        throw new UserException("Unknown format '" + name + "'. Use one of: " + names() + ".");
    }

    /** The command-line names of all formats, comma separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(LakeFormat::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
