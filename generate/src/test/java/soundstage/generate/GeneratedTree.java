package soundstage.generate;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A generated dataset on disk, with the reading the tests share. */
record GeneratedTree(Path root, SparkifyOptions options, GenerateSummary summary) {

    static GeneratedTree generate(Path root, SparkifyOptions options) {
        try {
            return new GeneratedTree(root, options, new SparkifyGenerator(options).generate(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path songDir() {
        return root.resolve("song_data");
    }

    Path logDir() {
        return root.resolve("log_data");
    }

    /** Every regular file under {@code dir}, sorted by path. */
    static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Day files in date order, duplicates left out. */
    List<Path> eventFiles() {
        return files(logDir()).stream()
                .filter(p -> p.getFileName().toString().endsWith("-events.json"))
                .collect(Collectors.toList());
    }

    /** Song files, duplicates left out. */
    List<Path> songFiles() {
        return files(songDir()).stream()
                .filter(p -> !p.getFileName().toString().endsWith("-copy.json"))
                .collect(Collectors.toList());
    }

    static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a file, split on LF with a trailing CR removed. */
    static List<String> lines(Path file) {
        List<String> lines = new ArrayList<>();
        for (String line : read(file).split("\n", -1)) {
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return lines;
    }

    /** Every event line of every day file, parsed, in file order; failing lines are skipped. */
    List<JsonLine> events() {
        List<JsonLine> events = new ArrayList<>();
        for (Path file : eventFiles()) {
            for (String line : lines(file)) {
                JsonLine.parse(line).filter(JsonLine::isValidEvent).ifPresent(events::add);
            }
        }
        return events;
    }

    /** Every song of every song file, parsed. */
    List<JsonLine> songs() {
        List<JsonLine> songs = new ArrayList<>();
        for (Path file : songFiles()) {
            for (String line : lines(file)) {
                songs.add(JsonLine.parse(line).orElseThrow());
            }
        }
        return songs;
    }

    /** SHA-256 over every file's relative path and bytes, in path order. */
    String sha256() {
        return sha256(root);
    }

    /** SHA-256 over every file's path relative to {@code root} and bytes, in path order. */
    static String sha256(Path root) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files(root)) {
                digest.update(root.relativize(file).toString().getBytes(UTF_8));
                digest.update((byte) 0);
                digest.update(bytes(file));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code text} is mojibake: double-decoded UTF-8 that repairs cleanly. */
    static boolean isGarbled(String text) {
        String repaired = Mojibake.repair(text);
        return !repaired.equals(text) && Mojibake.garble(repaired).equals(text);
    }

    /** {@code text} repaired if it is mojibake, else unchanged. */
    static String unGarbled(String text) {
        return isGarbled(text) ? Mojibake.repair(text) : text;
    }
}
