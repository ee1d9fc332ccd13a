package soundstage.orchestrate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
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
    // jackson-core's generator, not databind's ObjectMapper: making a mapper and serializing its
    // first tree took 0.25 s of every run's start (a generator: 0.04 s).
    private static final JsonFactory JSON = new JsonFactory();
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
         * Checks, before a run starts, that logs can be written in the folder: that it is a writable
         * folder, or that the nearest folder above it that exists is one, so that it can be made. It
         * makes nothing: a command refused after this (a warehouse that cannot be opened) leaves no
         * empty log folder behind; {@link #create} makes it.
         *
         * @throws UserException naming the folder and the fix when they cannot
         */
        public void check() {
            Path absolute = folder.toAbsolutePath();
            Path existing = absolute;
            // NOFOLLOW_LINKS: a link to nothing exists as a link, and making a folder there fails
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                throw unusable("'" + folder + "' cannot be made there");
            }
            if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
                throw unusable("'" + existing + "' is a symbolic link to nothing");
            }
            if (!Files.isDirectory(existing)) {
                throw unusable("'" + (existing.equals(absolute) ? folder : existing) + "' is a file, not a folder");
            }
            if (!Files.isWritable(existing)) {
                throw unusable(existing.equals(absolute) ? "not writable" : "'" + existing + "' is not writable, so it cannot be made there");
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
    public Line event(String event) {
        return new Line().put("ts", Instant.now().toString()).put("run", runId).put("event", event);
    }

    public void write(Line line) {
        try {
            writer.write(line.finish());
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

    /** One line of the log: a JSON object whose fields are written in the order they are put, once each. */
    public static final class Line {
        private final StringWriter text = new StringWriter();
        private final JsonGenerator json;

        private Line() {
            try {
                json = JSON.createGenerator(text);
                json.writeStartObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);   // a StringWriter does not fail
            }
        }

        /** Adds {@code name}: {@code value}, or null. */
        public Line put(String name, String value) {
            return field(name, () -> json.writeString(value));
        }

        public Line put(String name, long value) {
            return field(name, () -> json.writeNumber(value));
        }

        public Line put(String name, double value) {
            return field(name, () -> json.writeNumber(value));
        }

        public Line put(String name, boolean value) {
            return field(name, () -> json.writeBoolean(value));
        }

        public Line put(String name, List<String> values) {
            return field(name, () -> {
                json.writeStartArray();
                for (String value : values) {
                    json.writeString(value);
                }
                json.writeEndArray();
            });
        }

        private interface Value {
            void write() throws IOException;
        }

        private Line field(String name, Value value) {
            try {
                json.writeFieldName(name);
                value.write();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private String finish() throws IOException {
            json.writeEndObject();
            json.close();
            return text.toString();
        }
    }
}
