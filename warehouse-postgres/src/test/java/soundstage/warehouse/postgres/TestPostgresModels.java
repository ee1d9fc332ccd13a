package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import soundstage.transform.Model;
import soundstage.transform.ModelGraph;

/**
 * The PostgreSQL spellings of models live in this module (under the resource path the transform
 * module looks them up by), and each replaces one shipped model on PostgreSQL only.
 */
class TestPostgresModels {
    /** The overrides as they are in the source tree (tests run in the module directory). */
    private static final Path OVERRIDES = Path.of("src/main/resources/soundstage/transform/models/postgresql");

    @Test
    void everyOverrideReplacesAShippedModelOnPostgreSqlOnly() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(OVERRIDES)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        ModelGraph postgres = ModelGraph.load("postgresql");
        ModelGraph duckdb = ModelGraph.load("duckdb");
        for (Path file : files) {
            String name = OVERRIDES.relativize(file).toString().replace(".sql", "").replace('/', '.');
            Model model = postgres.model(name);
            assertThat(model.sql()).as(name).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
            assertThat(duckdb.model(name).sql()).as(name).isNotEqualTo(model.sql());
            // The rules TestModelGraph holds the shipped models to, which it cannot apply to these:
            // the transform module's tests do not see this module's resources.
            assertThat(Pattern.compile("(?i)(CREATE TABLE|INSERT INTO)\\s+" + Pattern.quote(name) + "\\b").matcher(model.sql()).find())
                    .as("%s writes its table", name).isTrue();
            Set<String> read = new TreeSet<>();
            Matcher table = Pattern.compile("\\b(source|staging|central|analytics|dashboard)\\.([a-z_][a-z0-9_]*)\\b").matcher(model.sql().replaceAll("--[^\n]*", ""));
            while (table.find()) {
                read.add(table.group());
            }
            read.remove(name);
            assertThat(model.dependsOn()).as("-- depends: of %s", name).containsAll(read).isEqualTo(duckdb.model(name).dependsOn());
            assertThat(Pattern.compile("(?i)DROP\\s+(TABLE|VIEW)\\s+IF\\s+EXISTS\\s+[A-Za-z_][A-Za-z0-9_]*\\s*;").matcher(model.sql()).find())
                    .as("%s drops a table by a name without schema", name).isFalse();
        }
    }
}
