package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        }
    }
}
