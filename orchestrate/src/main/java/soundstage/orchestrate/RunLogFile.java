package soundstage.orchestrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A run's structured log: one JSON object per line ({@code run-ID.jsonl}), written as things
 * happen and flushed line by line, so a killed run's log ends where the run did. Every line has
 * {@code ts} (UTC, ISO-8601), {@code run} and {@code event}; task events add {@code task} and
 * {@code attempt}, endings add {@code seconds}, {@code rows_in}, {@code rows_out} and
 * {@code detail} or {@code error}.
 */
public final class RunLogFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final BufferedWriter writer;
    private final int runId;

    private RunLogFile(Path path, BufferedWriter writer, int runId) {
        this.path = path;
        this.writer = writer;
        this.runId = runId;
    }

    /** The file run {@code runId} logs to in {@code folder}. */
    public static Path pathFor(Path folder, int runId) {
        return folder.resolve("run-" + runId + ".jsonl");
    }

    /** Opens (appending to) run {@code runId}'s log in {@code folder}, creating the folder. */
    public static RunLogFile open(Path folder, int runId) throws IOException {
        Files.createDirectories(folder);
        Path path = pathFor(folder, runId);
        return new RunLogFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND), runId);
    }

    public Path path() {
        return path;
    }

    /** A new line for {@code event}, to add fields to and {@link #write}. */
    public ObjectNode event(String event) {
        ObjectNode line = JSON.createObjectNode();
        line.put("ts", Instant.now().toString());
        line.put("run", runId);
        line.put("event", event);
        return line;
    }

    public void write(ObjectNode line) {
        try {
            writer.write(JSON.writeValueAsString(line));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run log " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
