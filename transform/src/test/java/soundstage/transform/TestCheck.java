package soundstage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TestCheck {
    private static final Pattern BLOCKING = Pattern.compile("--\\s*blocking:\\s*(true|false)\\s*");

    @Test
    void everyShippedCheckIsLoadedInFileNameOrder() throws IOException {
        List<String> names = Check.load("duckdb").stream().map(Check::name).toList();
        assertThat(names).isNotEmpty()
                .isEqualTo(TestModelGraph.index("checks").stream().map(p -> p.replace(".sql", "")).toList())
                .isSorted();
    }

    @Test
    void everyShippedCheckHasADescription() {
        for (Check check : Check.load("duckdb")) {
            assertThat(check.description()).as(check.name()).isNotBlank().doesNotStartWith("--").doesNotContain("blocking:");
        }
    }

    @Test
    void everyShippedCheckFileSaysExactlyOnceInItsHeaderWhetherItIsBlocking() throws IOException {
        List<Check> checks = Check.load("duckdb");
        for (Check check : checks) {
            List<String> header = Files.readAllLines(TestModelGraph.RESOURCES.resolve("checks").resolve(check.name() + ".sql")).stream()
                    .map(String::strip).takeWhile(line -> line.startsWith("--")).toList();
            List<String> flags = header.stream().filter(line -> BLOCKING.matcher(line).matches()).toList();
            assertThat(flags).as("-- blocking: lines of %s", check.name()).hasSize(1);
            assertThat(check.blocking()).as(check.name()).isEqualTo(flags.get(0).endsWith("true"));
        }
    }

    @Test
    void everyShippedCheckReturnsFailuresAndDetail() {
        for (Check check : Check.load("duckdb")) {
            assertThat(check.sql()).as(check.name()).containsPattern("(?i)\\bAS failures\\b").containsPattern("(?i)\\bAS detail\\b");
        }
    }

    /** The README's table of checks names every check, with its blocking flag, once: the table is what users read to know what a run asserts. */
    @Test
    void theReadmesTableOfChecksNamesEveryCheckWithItsBlockingFlag() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("### Checks"), readme.indexOf("A check is a SQL file"));
        for (Check check : Check.load("duckdb")) {
            List<String> rows = table.lines().filter(line -> line.startsWith("|") && line.contains("`" + check.name() + "`")).toList();
            assertThat(rows).as("rows of README's checks table naming %s", check.name()).hasSize(1);
            assertThat(rows.get(0).split("\\|")[2].strip()).as(check.name()).isEqualTo(check.blocking() ? "yes" : "no");
        }
    }

    @Test
    void mostChecksBlockTheRunAndTheMatchRateOnlyWarns() {
        List<Check> checks = Check.load("duckdb");
        assertThat(checks.stream().filter(c -> !c.blocking()).map(Check::name)).containsExactly("song_match_rate");
    }

    /** A table renamed during a run (or dropped) was said not to exist "yet", as before any run. */
    @Test
    void aMissingTableIsNamedAsTheDatabaseNamesIt() {
        assertThat(CheckRunner.missingTable("Catalog Error: Table with name songplays does not exist! Did you mean \"analytics.songs\"?"))
                .isEqualTo("table songplays does not exist: not built yet ('soundstage run' builds it), or dropped or renamed since");
        assertThat(CheckRunner.missingTable("ERROR: relation \"analytics.songplays\" does not exist\n  Position: 15"))
                .isEqualTo("table analytics.songplays does not exist: not built yet ('soundstage run' builds it), or dropped or renamed since");
        assertThat(CheckRunner.missingTable("schema \"dashboard\" does not exist")).isEqualTo("the tables it reads do not exist yet; run 'soundstage run' first");
    }
}
