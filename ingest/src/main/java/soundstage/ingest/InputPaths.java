package soundstage.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import soundstage.core.FileKind;
import soundstage.core.LakeMeta;
import soundstage.core.UserException;

/**
 * Turns the paths a user typed into the files to ingest.
 *
 * <ul>
 *   <li>A file is taken as it is, whatever its name.</li>
 *   <li>A directory is searched recursively for {@code .json}, {@code .jsonl} and {@code .ndjson}
 *       files. Hidden files and directories (name starting with a dot, such as the
 *       {@code .ipynb_checkpoints} folders found in copies of the public Sparkify data) are skipped.
 *       A directory that holds files but none of these is refused (an empty one is not).</li>
 *   <li>A glob ({@code log_data/2018/11/*.json}, {@code data/**}) matches files below the part of
 *       the path before its first wildcard.</li>
 * </ul>
 *
 * The result is sorted and holds each file once, so ingesting is repeatable.
 */
public final class InputPaths {
    /** The folder run logs go to unless configured otherwise; never searched for input. */
    public static final String RUN_LOG_FOLDER = "soundstage-logs";

    private InputPaths() {
    }

    /**
     * @throws UserException when a path does not exist, cannot be read, is not a regular file or a
     *     directory, is a directory of files none of which is JSON, or a glob matches nothing
     */
    public static List<Path> resolve(List<String> arguments) {
        return resolve(arguments, true, false, warning -> { });
    }

    /**
     * As {@link #resolve(List)}; {@code warnings} hears of compressed JSON files (such as
     * {@code 2018-11-03-events.json.gz}) in a folder that also holds JSON files: they are not read,
     * and would otherwise be left out without a word.
     */
    public static List<Path> resolve(List<String> arguments, Consumer<String> warnings) {
        return resolve(arguments, true, false, warnings);
    }

    /**
     * As {@link #resolve(List)}, but folders are returned as they are instead of searched (for
     * readers that know better which of a folder's files to take, such as Spotify exports').
     */
    public static List<Path> resolveKeepingFolders(List<String> arguments) {
        return resolve(arguments, false, false, warning -> { });
    }

    /**
     * As {@link #resolve(List)} or {@link #resolveKeepingFolders(List)} ({@code searchFolders}), for
     * a configured source's paths: a glob that matches no file yet gives none, as an empty folder
     * does (a landing pattern before its first file lands), instead of being refused as mistyped.
     * Its folder must still exist.
     */
    public static List<Path> resolveSource(List<String> paths, boolean searchFolders, Consumer<String> warnings) {
        return resolve(paths, searchFolders, true, warnings);
    }

    private static List<Path> resolve(List<String> arguments, boolean searchFolders, boolean globMayMatchNothing, Consumer<String> warnings) {
        TreeSet<Path> files = new TreeSet<>();
        for (String argument : arguments) {
            if (argument.isBlank()) {
                // Java takes "" for the current folder: an unset variable ("$DATA_DIR") would ingest whatever is here.
                throw new UserException("A path is empty. Give a file, a folder or a glob; check that the variable it came from is set.");
            }
            // A name that exists is taken as it is, even when it holds glob characters ("events[1].json").
            if (isGlob(argument) && !Files.exists(Path.of(argument))) {
                TreeSet<Path> matched = new TreeSet<>();   // apart: an earlier argument may have named the same files
                addGlob(argument, matched);
                boolean lakes = skipLakes(matched, warnings);
                files.addAll(matched);
                if (matched.isEmpty() && !globMayMatchNothing && !lakes) {
                    throw new UserException("No file matches '" + argument + "'" + deeper(argument).map(hint -> "; " + hint + ".").orElse(
                            ". Check the pattern; quote it so the shell does not expand it."));
                }
                if (!matched.isEmpty()) {
                    // Files in folders below, which the pattern leaves out, are said, not skipped without a word (a
                    // pattern that matches nothing is said by its caller: an error here, "no new files" in a run).
                    deeper(argument).ifPresent(hint -> warnings.accept("'" + argument + "' matches " + matched.size() + (matched.size() == 1 ? " file" : " files")
                            + " and leaves out more: " + hint));
                }
                continue;
            }
            Path path = Path.of(argument);
            if (!Files.exists(path) && argument.indexOf('\uFFFD') >= 0) {
                // Java decodes its arguments as UTF-8 and turns bytes that are not into U+FFFD, so
                // such a name given on the command line names no file; found in a folder, it loads.
                throw new UserException("Path '" + argument + "' cannot be opened from the command line: its name is not valid UTF-8 (shown with \uFFFD)."
                        + " Pass its folder instead, or rename the file.");
            }
            if (!Files.exists(path)) {
                throw new UserException("Path '" + argument + "' does not exist. Check the spelling, or pass a directory or a glob such as 'data/**/*.json'.");
            }
            if (!Files.isReadable(path)) {
                throw new UserException("Path '" + argument + "' cannot be read. Check its permissions.");
            }
            if (Files.isDirectory(path)) {
                if (searchFolders) {
                    TreeSet<Path> found = new TreeSet<>();
                    List<Path> compressed = new ArrayList<>();
                    walk(path, p -> {
                        if (isHidden(path, p)) {
                            return false;
                        }
                        String stem = withoutCompressionSuffix(p.getFileName().toString());
                        if (stem != null && isJsonName(stem)) {
                            compressed.add(p);
                        }
                        return isJsonName(p);
                    }, found);
                    boolean lakes = skipLakes(found, warnings);
                    files.addAll(found);
                    if (found.isEmpty() && !lakes) {
                        refuseFolderWithoutJson(argument, path);
                    } else if (!compressed.isEmpty()) {
                        Path example = compressed.stream().min(Comparator.naturalOrder()).orElseThrow();
                        warnings.accept(compressedSkipped(argument, compressed.size(), path.toAbsolutePath().normalize().relativize(example.toAbsolutePath().normalize()),
                                compression(example)));
                    }
                } else {
                    files.add(path.toAbsolutePath().normalize());
                }
            } else if (!Files.isRegularFile(path)) {
                // A pipe (such as <(zcat events.json.gz)) or a device: reading it would wait for a
                // writer or consume it, and a file is read twice, to hash it and then to load it.
                throw new UserException("Path '" + argument + "' is not a regular file (a pipe or a device). Soundstage reads a file twice, "
                        + "to hash it and to load it: write the data to a file first (for example zcat events.json.gz > events.json).");
            } else {
                String compressed = searchFolders ? compression(path) : null;   // Spotify exports are read as zips
                if (compressed != null) {
                    String tool = decompressor(compressed);
                    throw new UserException("File '" + argument + "' is compressed (" + compressed + "): Sparkify files are read as the text they hold. "
                            + "Decompress it first (for example " + tool + " '" + argument + "')"
                            + (compressed.equals("zip") ? ", or ingest a Spotify export with ingest spotify-export." : "."));
                }
                files.add(path.toAbsolutePath().normalize());
            }
        }
        return List.copyOf(files);
    }

    /** The command that decompresses a file of {@code compression} (as {@link #compression} names it), keeping the file. */
    public static String decompressor(String compression) {
        return switch (compression) {
            case "gzip" -> "gunzip -k";
            case "bzip2" -> "bunzip2 -k";
            case "xz" -> "unxz -k";
            case "zstd" -> "unzstd";
            default -> "unzip";
        };
    }

    /**
     * The compression a file's first bytes show (gzip, bzip2, xz, zstd, zip), or null: named
     * directly, such a file would be read as lines of text and each line quarantined as not UTF-8.
     */
    public static String compression(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(6);
        } catch (IOException e) {
            return null;   // reading it again fails with its own message
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return "gzip";
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            return "bzip2";
        }
        if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0x00)) {
            return "xz";
        }
        if (startsWith(head, 0x28, 0xB5, 0x2F, 0xFD)) {
            return "zstd";
        }
        if (startsWith(head, 'P', 'K', 3, 4)) {
            return "zip";
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** The suffix of a compressed file's name: ingest reads none of these. */
    private static final Pattern COMPRESSION_SUFFIX = Pattern.compile("(?i)\\.(gz|bz2|xz|zst|zip)$");

    /** {@code name} without its compression suffix ({@code endsong_1.json} of {@code endsong_1.json.gz}); {@code null} when it has none. */
    public static String withoutCompressionSuffix(String name) {
        java.util.regex.Matcher suffix = COMPRESSION_SUFFIX.matcher(name);
        return suffix.find() ? name.substring(0, suffix.start()) : null;
    }

    /** The warning for {@code count} compressed JSON files in folder {@code argument}, such as {@code example} (whose first bytes show {@code compression}). */
    public static String compressedSkipped(String argument, int count, Path example, String compression) {
        return "'" + argument + "' holds " + count + (count == 1 ? " compressed file" : " compressed files") + " (such as '" + example
                + "') that " + (count == 1 ? "is" : "are") + " not read: decompress " + (count == 1 ? "it" : "them") + " ("
                + (compression == null ? "gunzip -k" : decompressor(compression)) + ") to load " + (count == 1 ? "it" : "them") + ", or move "
                + (count == 1 ? "it" : "them") + " out of the folder";
    }

    /**
     * Leaves out of {@code found} the files of any lake among them (a folder with {@code
     * _soundstage/manifest.json}, as {@code soundstage export --format json} writes it), saying so:
     * a lake exported into the data folder was ingested as data, its every file quarantined, and the
     * hint named the kind its songplays looked like, which loaded them as songs.
     */
    private static boolean skipLakes(TreeSet<Path> found, Consumer<String> warnings) {
        List<Path> lakes = found.stream()
                .filter(p -> p.endsWith(LakeMeta.MANIFEST))
                .map(p -> p.getParent().getParent()).toList();
        for (Path lake : lakes) {
            found.removeIf(p -> p.startsWith(lake));
            warnings.accept("'" + lake + "' is a lake that soundstage export wrote (" + LakeMeta.MANIFEST + "): its files are "
                    + "the warehouse's own tables, not input, and are not read");
        }
        return !lakes.isEmpty();
    }

    /**
     * A folder with no JSON file is fine when it is empty (data not yet arrived), and a mistake
     * when it holds other files: compressed exports ({@code .json.gz}) or lines under another
     * extension would otherwise load nothing without a word.
     */
    private static void refuseFolderWithoutJson(String argument, Path folder) {
        TreeSet<Path> others = new TreeSet<>();
        walk(folder, p -> !isHidden(folder, p), others);
        if (others.isEmpty()) {
            return;
        }
        String example = folder.toAbsolutePath().normalize().relativize(others.first()).toString();
        boolean compressed = others.stream().anyMatch(p -> withoutCompressionSuffix(p.getFileName().toString()) != null);
        throw new UserException("Directory '" + argument + "' holds no .json, .jsonl or .ndjson file, only " + others.size()
                + (others.size() == 1 ? " other file ('" : " other files (such as '") + example + "'). "
                + (KindGuess.firstOtherThan(FileKind.SPARKIFY_EVENTS, others).filter(guess -> guess.kind() == FileKind.SPOTIFY_EXPORT).isPresent()
                        ? "They look like Spotify exports: ingest them with soundstage ingest spotify-export '" + argument + "'."
                        : compressed ? "Compressed files are not read: decompress them first (for example gunzip -rk '" + argument + "'), or name the files with a quoted glob."
                        : "Name the files with a quoted glob, such as '" + argument.replaceAll("/+$", "") + "/**'."));
    }

    private static boolean isGlob(String argument) {
        return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /**
     * The folder an input path names files in: a glob's folder before its first wildcard
     * ({@code landing} of {@code landing/*.json}), else the path itself.
     */
    public static Path folderOf(String argument) {
        if (!isGlob(argument)) {
            return Path.of(argument);
        }
        String normalized = argument.replace('\\', '/');
        return base(normalized, normalized.lastIndexOf('/', firstWildcard(normalized)));
    }

    /** The folder before {@code slash}, the last slash before a glob's first wildcard (-1: none). */
    private static Path base(String normalized, int slash) {
        return slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : normalized.substring(0, slash));
    }

    private static void addGlob(String glob, TreeSet<Path> files) {
        String normalized = glob.replace('\\', '/');
        int wildcard = firstWildcard(normalized);
        int slash = normalized.lastIndexOf('/', wildcard);
        Path base = base(normalized, slash);
        String pattern = slash < 0 ? normalized : normalized.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            throw new UserException("Directory '" + base + "' of pattern '" + glob + "' does not exist. Check the spelling.");
        }
        PathMatcher matcher = matcher(glob, pattern);
        walk(base, p -> matcher.matches(base.relativize(p)) && !isHidden(base, p), files);
    }

    /**
     * For a glob that matched nothing: whether files in folders below its own match its last
     * part, as with {@code data/*.json} over {@code data/2018/11/*.json} ({@code *} stops at a
     * slash), said with the pattern that takes them. Empty when none do, or for no glob.
     */
    public static Optional<String> deeper(String glob) {
        String normalized = glob.replace('\\', '/');
        int wildcard = firstWildcard(normalized);
        if (wildcard == normalized.length()) {
            return Optional.empty();
        }
        int slash = normalized.lastIndexOf('/', wildcard);
        Path base = base(normalized, slash);
        String pattern = slash < 0 ? normalized : normalized.substring(slash + 1);
        if (pattern.startsWith("**") || !Files.isDirectory(base)) {
            return Optional.empty();
        }
        PathMatcher below = matcher(glob, "**/" + pattern);
        TreeSet<Path> found = new TreeSet<>();
        walk(base, p -> below.matches(base.relativize(p)) && !isHidden(base, p), found);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String wider = (slash < 0 ? "" : normalized.substring(0, slash + 1)) + "**/" + pattern;
        return Optional.of(found.size() + (found.size() == 1 ? " file in folders below matches" : " files in folders below match") + " it (such as '" + found.first()
                + "'; a * does not cross a /): '" + wider + "' takes " + (found.size() == 1 ? "it" : "them"));
    }

    /** The matcher of {@code pattern}, part of {@code glob}; a pattern that is not a glob ("data/[a", "{a,b") is refused. */
    private static PathMatcher matcher(String glob, String pattern) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new UserException("'" + glob + "' " + globProblem(e) + ". Fix the pattern, and quote it so the shell does not expand it.");
        }
    }

    private static String globProblem(java.util.regex.PatternSyntaxException e) {
        String description = e.getDescription();   // the JDK's: "Missing ']", "Missing '}", "Explicit 'name separator' in class"...
        return "is not a valid glob: " + (description.contains("]") ? "a '[' has no closing ']'"
                : description.contains("}") ? "a '{' has no closing '}'" : description.toLowerCase(Locale.ROOT));
    }

    /** What is wrong with {@code path} as a glob (the end of a sentence naming it), or {@code null}: nothing, or it is no glob, or a file of that name exists. */
    public static String globProblem(String path) {
        if (!isGlob(path) || Files.exists(Path.of(path))) {
            return null;
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + path.replace('\\', '/'));
            return null;
        } catch (java.util.regex.PatternSyntaxException e) {
            return globProblem(e);
        }
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return s.length();
    }

    /**
     * The regular files below {@code root}, none of whose names from {@code root} on starts with a
     * dot, sorted; symbolic links to files and to folders are followed (a link that leads back
     * into a folder it is in is refused, with the link).
     */
    public static TreeSet<Path> filesIn(Path root) {
        TreeSet<Path> files = new TreeSet<>();
        walk(root, p -> !isHidden(root, p), files);
        return files;
    }

    private static void walk(Path root, java.util.function.Predicate<Path> accept, TreeSet<Path> files) {
        // Files.find hands over the attributes the walk read: one stat per file, not two (those of
        // what a link points to; a broken link's own). A broken link is taken as a file, so that it
        // is reported as one that cannot be read (quarantined, with the reason) instead of being
        // left out without a word.
        try (Stream<Path> stream = Files.find(root, Integer.MAX_VALUE, (p, attributes) -> (attributes.isRegularFile() || attributes.isSymbolicLink()) && accept.test(p),
                FileVisitOption.FOLLOW_LINKS)) {
            stream.forEach(p -> files.add(p.toAbsolutePath().normalize()));
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            if (cause instanceof FileSystemLoopException loop) {
                throw new UserException("Directory '" + root + "' holds a symbolic link that leads back into a folder it is in ('" + loop.getFile()
                        + "'). Remove the link, or pass the folders to read one by one.", e);
            }
            throw new UserException("Cannot list directory '" + root + "': " + cause.getMessage() + ". Check its permissions.", e);
        }
    }

    private static boolean isJsonName(Path p) {
        return isJsonName(p.getFileName().toString());
    }

    private static boolean isJsonName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson");
    }

    /**
     * True when any name between {@code root} and {@code p} (inclusive) starts with a dot, or is
     * {@link #RUN_LOG_FOLDER}: a warehouse kept in its data folder writes its run logs there, and
     * their {@code .jsonl} lines were ingested (and quarantined) as data.
     */
    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".") || part.toString().equals(RUN_LOG_FOLDER)) {
                return true;
            }
        }
        return false;
    }
}
