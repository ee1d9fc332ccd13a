package soundstage.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.Progress;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.generate.SparkifyGenerator;
import soundstage.generate.SparkifyOptions;
import soundstage.generate.SpotifyGenerator;
import soundstage.generate.SpotifyOptions;
import soundstage.ingest.InputPaths;
import soundstage.transform.Pipeline;

/** Generated data of both sources in a warehouse, and an HTTP client for the dashboard under test. */
final class DashboardFixture {
    /** Sparkify: 6,000 events from 2018-11-01, 600 a day, so ten days. */
    static final LocalDate FIRST_DAY = SparkifyOptions.DEFAULT_START_DATE;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private DashboardFixture() {
    }

    /** The length of the one long quarantined line. */
    static final int LONG_LINE = 5_000;

    /** Generates, ingests and runs both sources into the warehouse at {@code address}. */
    static void load(String address, Path dir) throws Exception {
        Path sparkify = dir.resolve("sparkify");
        new SparkifyGenerator(SparkifyOptions.defaults(6_000, 300, 7).withMaxEventsPerDay(600).withBadLineRate(0.002)).generate(sparkify);
        Path spotify = dir.resolve("spotify");
        new SpotifyGenerator(SpotifyOptions.defaults(2, 1_500, 3)).generate(spotify);
        List<Path> exports;
        try (Stream<Path> files = Files.walk(spotify)) {
            exports = files.filter(file -> file.toString().endsWith(".zip")).sorted().toList();
        }
        try (Warehouse warehouse = WarehouseFactory.openAny(address)) {
            warehouse.ingest(FileKind.SPARKIFY_SONGS, InputPaths.resolve(List.of(sparkify.resolve("song_data").toString())), Progress.NONE);
            warehouse.ingest(FileKind.SPARKIFY_EVENTS, InputPaths.resolve(List.of(sparkify.resolve("log_data").toString())), Progress.NONE);
            warehouse.ingest(FileKind.SPOTIFY_EXPORT, exports, IngestOptions.DEFAULTS, Progress.NONE);
            // The latest rejected row: one long line (the dashboard shows its first 1,000 characters).
            Path longLine = Files.writeString(dir.resolve("long-line.json"), "{\"page\":\"NextSong\",\"ts\":\"never\",\"pad\":\"" + "x".repeat(LONG_LINE - 41) + "\"}\n");
            warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(longLine), Progress.NONE);
            new Pipeline(warehouse).run();
        }
    }

    /** A day file of {@code plays} NextSong events of user 9001 on {@code day}, each 200 s long. */
    static Path extraDay(Path dir, LocalDate day, int plays) throws IOException {
        StringBuilder lines = new StringBuilder();
        long start = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli() + 3_600_000;
        for (int i = 0; i < plays; i++) {
            lines.append("{\"artist\":\"Late Artist\",\"auth\":\"Logged In\",\"firstName\":\"Lee\",\"gender\":\"F\",\"itemInSession\":").append(i)
                    .append(",\"lastName\":\"Late\",\"length\":200.0,\"level\":\"paid\",\"location\":\"Nowhere, NV\",\"method\":\"PUT\",\"page\":\"NextSong\",")
                    .append("\"registration\":1.540344794796E12,\"sessionId\":77001,\"song\":\"Late Song ").append(i).append("\",\"status\":200,\"ts\":")
                    .append(start + i * 200_000L).append(",\"userAgent\":\"Mozilla/5.0\",\"userId\":\"9001\"}\n");
        }
        Path file = dir.resolve("extra/" + day + "-events.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, lines);
        return file;
    }

    /**
     * The raw answer (status line, headers, body) to {@code GET target} with {@code host} in the
     * Host header, over a socket: Java's HTTP client sends neither another Host nor a malformed target.
     */
    static String raw(URI base, String target, String host) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> get(URI base, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
