package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code soundstage serve} and {@code demo}'s serving, as a user starts them: one line for every mistake, a URL that answers. */
class TestServeCommand {
    @TempDir
    Path dir;

    @Test
    void mistakesAreOneLineAndExitCode2() throws Exception {
        Path missing = dir.resolve("missing.duckdb");
        Cli.Result none = Cli.run("serve", "--warehouse", missing);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.errLines()).containsExactly("soundstage: There is no warehouse at '" + missing
                + "'. Ingest and run something first (for example soundstage demo), or give --warehouse.");
        assertThat(Files.exists(missing)).isFalse();

        Cli.Result shortToken = Cli.run("serve", "--warehouse", missing, "--token", "secret");
        assertThat(shortToken.exitCode()).isEqualTo(2);
        assertThat(shortToken.errLines()).singleElement().asString().startsWith("soundstage: The dashboard token must be at least 16");

        // An empty token is none, as an empty SOUNDSTAGE_TOKEN: it stopped a loopback dashboard, which needs none.
        assertThat(Cli.run("serve", "--warehouse", missing, "--token", "").errLines()).isEqualTo(none.errLines());

        Path warehouse = dir.resolve("w.duckdb");
        Cli.ok("demo", "--out", dir.resolve("demo"), "--warehouse", warehouse, "--events", 1000, "--songs", 50, "--no-serve");
        Cli.Result open = Cli.run("serve", "--warehouse", warehouse, "--bind", "0.0.0.0", "--port", 0);
        assertThat(open.exitCode()).isEqualTo(2);
        assertThat(open.errLines()).singleElement().asString().contains("give a token with --token");
        Cli.Result nowhere = Cli.run("serve", "--warehouse", warehouse, "--bind", "no-such-host.invalid", "--port", 0);
        assertThat(nowhere.exitCode()).isEqualTo(2);
        assertThat(nowhere.errLines()).singleElement().asString().contains("no such address").doesNotContain("--port");
        Cli.Result withPort = Cli.run("serve", "--warehouse", warehouse, "--bind", "127.0.0.1:8080", "--port", 0);
        assertThat(withPort.errLines()).singleElement().asString().endsWith("such as 127.0.0.1, and the port with --port.");
        // 192.0.2.1 is kept for documentation (RFC 5737): never one of this machine's addresses.
        Cli.Result notHere = Cli.run("serve", "--warehouse", warehouse, "--bind", "192.0.2.1", "--port", 0, "--token", "a-token-of-sixteen-characters");
        assertThat(notHere.exitCode()).isEqualTo(2);
        assertThat(notHere.errLines()).singleElement().asString().startsWith("soundstage: Cannot serve the dashboard on 192.0.2.1:0: ")
                .endsWith(". That address is not one of this machine's: give --bind one of its addresses, such as 127.0.0.1 or 0.0.0.0.");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result busy = Cli.run("serve", "--warehouse", warehouse, "--port", taken.getLocalPort());
            assertThat(busy.exitCode()).isEqualTo(2);
            assertThat(busy.errLines()).singleElement().asString().startsWith("soundstage: Cannot serve the dashboard on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .endsWith("Stop what uses that port, or give another with --port (0 picks a free one).");
        }
        // Refused before the readers' snapshot is made: a refused serve left one, which every later write then kept up to date.
        assertThat(warehouse.resolveSibling("w.duckdb.snapshot")).doesNotExist();
        Cli.Result noServe = Cli.run("demo", "--out", dir.resolve("demo2"), "--port", 70000, "--no-serve");
        assertThat(noServe.exitCode()).as("a bad --port is a mistake with --no-serve too").isEqualTo(2);
        assertThat(dir.resolve("demo2")).doesNotExist();
    }

    @Test
    void demoEndsByServingTheDashboardAndPrintsItsUrl() throws Exception {
        Path log = dir.resolve("demo.log");
        java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Process demo = CliProcess.start(log, "demo", "--out", dir.resolve("demo"), "--events", 1000, "--songs", 50, "--port", taken.getLocalPort());
        try (taken) {
            URI url = waitForUrl(log, demo);
            // The port asked for is taken: another is taken instead, with a word (it was silent).
            assertThat(url.getPort()).isNotEqualTo(taken.getLocalPort());
            assertThat(Files.readString(log)).contains("soundstage: port " + taken.getLocalPort() + " is taken; the dashboard takes a free one");
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Soundstage dashboard</title>");
            HttpResponse<String> overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/api/overview")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(overview.body()).startsWith("{\"rows\":[{\"plays\":");
            assertThat(Files.readString(log)).contains("Most played songs").doesNotContain("another version");
        } finally {
            demo.destroy();
            assertThat(demo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Bound to every address, it prints one of this machine's (http://0.0.0.0:PORT/ opens nothing), which answers. */
    @Test
    void servedOnEveryAddressItPrintsOneOfThisMachines() throws Exception {
        Path warehouse = dir.resolve("everywhere.duckdb");
        Cli.ok("demo", "--out", dir.resolve("everywhere"), "--warehouse", warehouse, "--events", 1000, "--songs", 50, "--no-serve");
        Path log = dir.resolve("everywhere.log");
        String token = "a-token-of-sixteen-characters";
        Process serve = CliProcess.start(log, "serve", "--warehouse", warehouse, "--bind", "0.0.0.0", "--port", 0, "--token", token);
        try {
            URI url = waitForUrl(log, serve);
            assertThat(url.getHost()).isNotEqualTo("0.0.0.0").isEqualTo(soundstage.serve.DashboardServer.reachableAddress());
            assertThat(Files.readString(log)).contains(url + " (listening on every address of this machine; send the token)", "JSON API: " + url + "api");
            HttpResponse<String> overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/api/overview"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overview.statusCode()).isEqualTo(200);
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Tables of another version of Soundstage (here: a changed fingerprint in the readers' snapshot) are named at start, in one line. */
    @Test
    void tablesBuiltByAnotherVersionAreSaidAtStart() throws Exception {
        Path warehouse = dir.resolve("older.duckdb");
        Cli.ok("demo", "--out", dir.resolve("older"), "--warehouse", warehouse, "--events", 1000, "--songs", 50, "--no-serve");
        Path snapshot = warehouse.resolveSibling(warehouse.getFileName() + ".snapshot");
        soundstage.core.WarehouseFactory.openReadPoolAny(warehouse.toString(), soundstage.core.OpenOptions.DEFAULTS.withReadOnly(true), 1).close();   // an earlier serve made it
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:" + snapshot);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("UPDATE meta.model_state SET fingerprint = 'an older version' WHERE model = 'dashboard.song_spans'");
        }
        Path log = dir.resolve("older.log");
        Process serve = CliProcess.start(log, "serve", "--warehouse", warehouse, "--port", 0);
        try {
            waitForUrl(log, serve);
            assertThat(Files.readString(log)).contains("soundstage: 1 dashboard table(s) were built by another version of Soundstage or not yet "
                    + "(dashboard.song_spans); charts that read them may fail until 'soundstage run' rebuilds them.");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A warehouse no run has built dashboards for is said to be that, not "built by another version". */
    @Test
    void aWarehouseNoRunHasBuiltIsSaidAtStart() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("ingested.duckdb");
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        Path log = dir.resolve("ingested.log");
        Process serve = CliProcess.start(log, "serve", "--warehouse", warehouse, "--port", 0);
        try {
            waitForUrl(log, serve);
            assertThat(Files.readString(log)).contains("soundstage: no run has built the dashboard tables yet: the charts answer 503 until 'soundstage run' has.")
                    .doesNotContain("another version");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    private static URI waitForUrl(Path log, Process process) throws Exception {
        Pattern dashboard = Pattern.compile("Dashboard of .*: (http://\\S+/)");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher found = dashboard.matcher(Files.readString(log));
                if (found.find()) {
                    return URI.create(found.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no URL within 2 minutes: " + Files.readString(log));
    }
}
