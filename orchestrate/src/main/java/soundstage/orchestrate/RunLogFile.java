package soundstage.orchestrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import soundstage.core.ErrorMessage;
import soundstage.core.UserException;

/**
 * A run's structured log: one JSON object per line, written as things happen and flushed line by
 * line, so a killed run's log ends where the run did. Every line has {@code ts} (UTC, ISO-8601),
 * {@code run} and {@code event}; {@code run_started} names the warehouse; task events add
 * {@code task} and {@code attempt}, endings add {@code seconds}, {@code rows_in},
 * {@code rows_out} and {@code detail} or {@code error}.
 *
 * <p>The file is named after the warehouse, the run and when it started
 * ({@code music-run-7-20261204-213000.jsonl} for run 7 of {@code music.duckdb}): run ids count
 * per warehouse, so two warehouses logging to one folder, or a warehouse made again under the
 * same name, would otherwise write into each other's logs. A name already taken gets a suffix.
 */
public final class RunLogFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path path;
    private final BufferedWriter writer;
    private final int runId;

    private RunLogFile(Path path, BufferedWriter writer, int runId) {
        this.path = path;
        this.writer = writer;
        this.runId = runId;
    }

    /** Where a warehouse's runs log: {@code folder}, in files named after {@code warehouse} (its address, never holding a password). */
    public record Folder(Path folder, String warehouse) {
        public Folder {
            requireNonNull(folder, "folder is null");
            requireNonNull(warehouse, "warehouse is null");
        }

        /**
         * Creates the folder if needed and checks that logs can be written there, before a run starts.
         *
         * @throws UserException naming the folder and the fix when they cannot
         */
        public void check() {
            try {
                Files.createDirectories(folder);
            } catch (FileAlreadyExistsException e) {
                throw unusable("'" + e.getFile() + "' is a file, not a folder");
            } catch (NoSuchFileException e) {
                throw unusable("'" + e.getFile() + "' cannot be made there");
            } catch (IOException | SecurityException e) {
                throw unusable(ErrorMessage.clause(e));
            }
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                throw unusable(Files.isDirectory(folder) ? "not writable" : "not a folder");
            }
        }

        private UserException unusable(String why) {
            return new UserException("Cannot write run logs in '" + folder + "' (" + why + "). Set `logs:` in the configuration file "
                    + "to a folder this user can write, or run from a folder where soundstage-logs can be made.");
        }

        /** Creates run {@code runId}'s log, started at {@code started}, creating the folder, and writes nothing yet. */
        public RunLogFile create(int runId, Instant started) throws IOException {
            Files.createDirectories(folder);
            String name = warehouseName(warehouse) + "-run-" + runId + "-" + STAMP.format(started);
            for (int taken = 1; ; taken++) {
                Path path = folder.resolve(name + (taken == 1 ? "" : "-" + taken) + ".jsonl");
                try {
                    return new RunLogFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE), runId);
                } catch (FileAlreadyExistsException e) {
                    // The same warehouse name, run id and second: take the next suffix.
                }
            }
        }
    }

    /**
     * A short name for the warehouse at {@code address}, usable in a file name: a DuckDB file's name
     * without {@code .duckdb}, a PostgreSQL database's name.
     */
    static String warehouseName(String address) {
        String last = address.replaceFirst("[?#].*$", "").replaceFirst("[/\\\\]+$", "");
        last = last.substring(Math.max(last.lastIndexOf('/'), last.lastIndexOf('\\')) + 1).replaceFirst("\\.duckdb$", "");
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "warehouse" + safe : safe;
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
