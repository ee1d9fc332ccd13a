package soundstage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
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

    @Test
    void mostChecksBlockTheRunAndTheMatchRateOnlyWarns() {
        List<Check> checks = Check.load("duckdb");
        assertThat(checks.stream().filter(c -> !c.blocking()).map(Check::name)).containsExactly("song_match_rate");
    }
}
