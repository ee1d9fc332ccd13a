package soundstage.transform;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One SQL model: a file under {@code models/<layer>/<table>.sql} that builds or extends the table
 * {@code <layer>.<table>}. Its leading comment describes the table; a {@code -- depends:} line
 * names the tables it reads, which orders the models.
 *
 * @param name the table it builds, e.g. {@code analytics.songplays}
 * @param description the leading comment, without comment markers
 * @param dependsOn tables read: other models, or {@code source.*} tables filled by ingest
 * @param sql the statements, run in order in the run's transaction
 */
public record Model(String name, String description, List<String> dependsOn, String sql) {
    public Model {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        dependsOn = List.copyOf(requireNonNull(dependsOn, "dependsOn is null"));
        requireNonNull(sql, "sql is null");
    }

    /** The layer (schema) the model writes: {@code staging}, {@code analytics} or {@code dashboard}. */
    public String layer() {
        return name.substring(0, name.indexOf('.'));
    }
}
