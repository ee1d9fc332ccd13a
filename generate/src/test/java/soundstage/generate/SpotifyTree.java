package soundstage.generate;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Spotify exports generated on disk, with the reading the tests share. Files are read and parsed
 * once, on first use.
 */
final class SpotifyTree {

    /** Account data and extended exports, with their request dates; copies are named differently. */
    static final Pattern EXPORT = Pattern.compile("my_spotify_data_(extended_)?(\\d{4}-\\d\\d-\\d\\d)(\\.zip)?");

    /** Three listeners (one per extended format) of 30,000 plays: files split in all variants. */
    static final SpotifyOptions STANDARD = SpotifyOptions.defaults(3, 30_000, 7);

    private static SpotifyTree standard;

    private final Path root;
    private final SpotifySummary summary;
    private List<Listener> listeners;

    private SpotifyTree(Path root, SpotifySummary summary) {
        this.root = root;
        this.summary = summary;
    }

    Path root() {
        return root;
    }

    SpotifySummary summary() {
        return summary;
    }

    /** The tree of {@link #STANDARD}, generated once for all test classes of the run. */
    static synchronized SpotifyTree standard() {
        if (standard == null) {
            try {
                Path dir = Files.createTempDirectory("spotify-tree");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                standard = generate(dir, STANDARD);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return standard;
    }

    static SpotifyTree generate(Path root, SpotifyOptions options) {
        try {
            return new SpotifyTree(root, new SpotifyGenerator(options).generate(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The listener folders, sorted by name. */
    List<Path> listenerFolders() {
        return list(root).stream().filter(Files::isDirectory).toList();
    }

    /** One listener's exports. */
    record Listener(Path folder, List<Export> accountData, Export extended) {
        String username() {
            return folder.getFileName().toString();
        }
    }

    /** One export: its request date and its files, in zip order (sorted when extracted). */
    record Export(Path path, LocalDate requested, Map<String, byte[]> files, Map<String, List<JsonLine>> parsed) {
        Export(Path path, LocalDate requested, Map<String, byte[]> files) {
            this(path, requested, files, new HashMap<>());
        }

        /** The records of {@code file}, parsed once. */
        List<JsonLine> records(String file) {
            return parsed.computeIfAbsent(file, f -> JsonLine.parseArray(files.get(f)));
        }

        String text(String file) {
            return new String(files.get(file), UTF_8);
        }

        /** Paths of the files whose name (after the last '/') matches {@code regex}, in order. */
        List<String> paths(String regex) {
            return files.keySet().stream().filter(p -> p.substring(p.lastIndexOf('/') + 1).matches(regex)).toList();
        }
    }

    /** Every listener, read fully once: fine for test-sized trees. */
    synchronized List<Listener> listeners() {
        if (listeners == null) {
            listeners = read();
        }
        return listeners;
    }

    private List<Listener> read() {
        List<Listener> listeners = new ArrayList<>();
        for (Path folder : listenerFolders()) {
            List<Export> accountData = new ArrayList<>();
            Export extended = null;
            for (Path path : list(folder)) {
                Matcher matcher = EXPORT.matcher(path.getFileName().toString());
                if (!matcher.matches()) {
                    continue; // a duplicate
                }
                Export export = new Export(path, LocalDate.parse(matcher.group(2)), files(path));
                if (matcher.group(1) == null) {
                    accountData.add(export);
                } else {
                    extended = export;
                }
            }
            listeners.add(new Listener(folder, accountData, extended));
        }
        return listeners;
    }

    /** The files of a zip in entry order, or of a folder in path order, by path inside. */
    static Map<String, byte[]> files(Path export) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            if (Files.isDirectory(export)) {
                try (Stream<Path> walk = Files.walk(export)) {
                    for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                        files.put(export.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                    }
                }
                return files;
            }
            try (ZipFile zip = new ZipFile(export.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    files.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The zip entries of {@code zip}, in order. */
    static List<ZipEntry> entries(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().map(ZipEntry::new).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a folder, sorted by name. */
    static List<Path> list(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over every file's relative path and bytes, in path order. */
    String sha256() {
        return GeneratedTree.sha256(root);
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
