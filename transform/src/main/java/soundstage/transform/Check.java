package soundstage.transform;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import soundstage.core.UserException;

/**
 * A data quality check: a query under {@code checks/<name>.sql} that returns one row of
 * {@code failures} (rows breaking the rule; 0 passes) and {@code detail} (a sentence for people).
 * Its leading comment says what it asserts; {@code -- blocking: true} makes a failure fail the run.
 *
 * <p>A check may have an incremental part, after a line starting {@code -- incremental:}: the same
 * rule asserted over the rows that the files {@code :low_file_id < file_id <= :high_file_id} add
 * or change (and their clashes with the rows already there), so that a run checks what it brought
 * at the cost of what it brought. Its comment says what it leaves to earlier runs. See
 * {@link CheckRunner}.
 */
public record Check(String name, String description, boolean blocking, String sql) {
    public Check {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(sql, "sql is null");
    }

    /** The query over every row. */
    public String fullPart() {
        return SqlResource.fullPart(sql);
    }

    /** The query over the rows of the files in {@code (:low_file_id, :high_file_id]}, if the check has one. */
    public Optional<String> incrementalPart() {
        return SqlResource.incrementalPart(sql);
    }

    /** The checks shipped with Soundstage, with {@code dialect}'s overrides, in file name order. */
    public static List<Check> load(String dialect) {
        List<Check> checks = new ArrayList<>();
        for (String path : SqlResource.index("checks")) {
            SqlResource file = SqlResource.read("checks", path, dialect, "blocking");
            if (file.values().size() != 1 || !List.of("true", "false").contains(file.values().get(0))) {
                throw new UserException("checks/" + path + ": '-- blocking:' must be true or false; fix it and build Soundstage again.");
            }
            checks.add(new Check(path.replace(".sql", ""), file.description(), Boolean.parseBoolean(file.values().get(0)), file.sql()));
        }
        return List.copyOf(checks);
    }
}
