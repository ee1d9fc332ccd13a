package soundstage.transform;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import soundstage.core.SqlScript;

/**
 * One SQL model: a file under {@code models/<layer>/<table>.sql} that builds or extends the table
 * {@code <layer>.<table>}. Its leading comment describes the table; a {@code -- depends:} line
 * names the tables it reads, which orders the models.
 *
 * <p>A file has up to two parts. The <em>full</em> part, first, builds the table from its inputs
 * (typically {@code DROP TABLE} and {@code CREATE TABLE ... AS}). The <em>incremental</em> part,
 * after a line starting {@code -- incremental:}, brings an existing table up to date with the files
 * {@code :low_file_id < file_id <= :high_file_id} (the runner writes the two numbers into the SQL).
 * A file whose full part holds no statement (staging models, whose tables the schema declares) is
 * built from scratch by emptying the table and running the incremental part over every file. See
 * {@link ModelRunner}. An {@code -- index:} line after the {@code -- depends:} line names the
 * columns readers filter the table by (the dashboard's days); on PostgreSQL the runner keeps an
 * index on them (DuckDB skips row groups by their minimum and maximum instead). A {@code -- merge:
 * adds} line says the incremental part adds the files' rows to what the table holds (counts,
 * sums, a log of the files' rows) rather than computing the partitions they touch again, so
 * running it twice over the same files counts them twice: a backfill builds such a model in full.
 *
 * @param name the table it builds, e.g. {@code analytics.songplays}
 * @param description the leading comment, without comment markers
 * @param dependsOn tables read: other models, or {@code source.*} tables filled by ingest
 * @param sql the whole file: both parts
 */
public record Model(String name, String description, List<String> dependsOn, String sql) {
    public Model {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        dependsOn = List.copyOf(requireNonNull(dependsOn, "dependsOn is null"));
        requireNonNull(sql, "sql is null");
    }

    /** The layer (schema) the model writes: {@code staging}, {@code central}, {@code analytics} or {@code dashboard}. */
    public String layer() {
        return name.substring(0, name.indexOf('.'));
    }

    /** The columns of the {@code -- index:} line, in order; empty when the model has none. */
    public List<String> indexColumns() {
        return SqlResource.headerValues(sql, "index");
    }

    /** Whether the header says {@code -- merge: adds}: the merge is not to run again over files the table holds. */
    public boolean mergeAdds() {
        return SqlResource.headerValues(sql, "merge").contains("adds");
    }

    /** The statements that build the table from scratch; empty when the file has none (see the class comment). */
    public String fullPart() {
        return SqlResource.fullPart(sql);
    }

    /** Whether the file has a full part: else a build empties the table and merges every file (see the class comment). */
    public boolean hasFullPart() {
        return !SqlScript.statements(fullPart()).isEmpty();
    }

    /** The statements that merge the files in {@code (:low_file_id, :high_file_id]} into the table; empty when the model is always built in full. */
    public Optional<String> incrementalPart() {
        return SqlResource.incrementalPart(sql);
    }
}
