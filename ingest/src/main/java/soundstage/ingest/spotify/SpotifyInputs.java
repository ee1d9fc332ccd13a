package soundstage.ingest.spotify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import soundstage.core.FileKind;
import soundstage.core.UserException;
import soundstage.ingest.KindGuess;
import soundstage.ingest.FileBatches;
import soundstage.ingest.InputPaths;

/**
 * The streaming-history files inside what a user points at: zips as downloaded, extracted folders
 * or single files. Zips are read in place, never extracted, so an entry cannot write anywhere;
 * entries whose names climb out of the archive, and archives that would expand beyond
 * {@link #MAX_EXPORT_BYTES} or by more than {@link #MAX_RATIO} to one, are refused with a reason.
 * In zips and folders only files named as Spotify names streaming history are taken (other
 * export files, such as Playlist1.json, are left alone); a file named on the command line
 * is taken whatever its name.
 *
 * <p>Holds the zips open until {@link #close()}.
 */
final class SpotifyInputs implements AutoCloseable {
    /** The most one zip may expand to. The biggest real exports are a few hundred MB. */
    static final long MAX_EXPORT_BYTES = 8L << 30;
    /** The highest compression ratio an entry of more than {@link #RATIO_FLOOR} bytes may have; JSON compresses about 10 to 1. */
    static final long MAX_RATIO = 100;
    static final long RATIO_FLOOR = 1L << 20;

    private static final JsonFactory JSON = new JsonFactory();
    /** The names of streaming-history files, for messages. */
    private static final String NAMES = "StreamingHistory*.json, endsong_*.json, endvideo*.json or Streaming_History_*.json";

    /** A file or entry refused before reading, with the reason. */
    record Refused(String path, String reason) {
    }

    private final List<ExportEntry> entries = new ArrayList<>();
    private final List<Refused> refused = new ArrayList<>();
    private final List<Path> compressedHistories = new ArrayList<>();
    /** The zips, open until {@link #close}; one that has entries of one name is open twice (see {@link #openers}). */
    private final List<java.io.Closeable> zips = new ArrayList<>();
    /** Per zip read, the first zip it holds (an export zipped again with its folder): what a zip without history is told to extract. */
    private final Map<String, String> zipsInZips = new HashMap<>();
    /** Per export (folder or zip): its identity file names one listener and its records' username another; the loader warns. */
    private final Map<String, String> otherListeners = new java.util.LinkedHashMap<>();
    /** Files and zip entries named almost as histories are ("StreamingHistory0 old.json"): not read; the loader warns of them. */
    private final List<String> nearlyNamed = new ArrayList<>();
    /** The entries that take the --listener (their export names no one), with the folder of their export: the zip's, or the loose files'. */
    private final Map<ExportEntry, String> takingListener = new java.util.LinkedHashMap<>();

    private SpotifyInputs() {
    }

    /**
     * @param paths zips, folders (searched, hidden files skipped) and files (taken whatever their name)
     * @param listener the listener given with --listener, or null
     */
    static SpotifyInputs open(List<Path> paths, String listener) {
        SpotifyInputs inputs = new SpotifyInputs();
        Map<Path, String> identities = new HashMap<>();
        try {
            for (Path path : paths) {
                int before = inputs.found();
                if (Files.isDirectory(path)) {
                    TreeSet<Path> files = InputPaths.filesIn(path);
                    for (Path file : files) {
                        inputs.add(file, false, listener, identities);
                    }
                    if (!files.isEmpty() && inputs.found() == before) {
                        // An empty folder is data not yet arrived; one of other files is a mistake.
                        throw new UserException("Folder '" + path + "' holds no Spotify streaming history: none of its " + files.size() + " files (such as '"
                                + path.toAbsolutePath().normalize().relativize(files.first()) + "') is named " + NAMES
                                + " or is a zip holding one. " + KindGuess.firstOtherThan(FileKind.SPOTIFY_EXPORT, files)
                                        .map(guess -> "They look like " + guess.kind().cliName() + " (" + guess.why().replace("its ", "'" + guess.file().getFileName() + "': its ")
                                                + "): ingest them with soundstage ingest " + guess.kind().cliName() + " '" + path + "'.")
                                        .orElse("Pass the export as downloaded (my_spotify_data.zip) or the folder it was extracted to."));
                    }
                } else {
                    inputs.add(path, true, listener, identities);
                    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip") && inputs.found() == before) {
                        String inner = inputs.zipsInZips.get(path.toString());
                        throw new UserException("Zip '" + path + "' holds no Spotify streaming history: no entry is named " + NAMES
                                + (inner != null ? ", but it holds a zip, '" + inner + "': extract that zip and ingest it."
                                        : ". Check that it is the export as downloaded (my_spotify_data.zip or my_spotify_data_extended.zip)."));
                    }
                }
            }
        } catch (RuntimeException e) {
            inputs.close();
            throw e;
        }
        return inputs;
    }

    /** How many files and entries were taken or refused so far. */
    private int found() {
        return entries.size() + refused.size();
    }

    private void add(Path file, boolean named, String listener, Map<Path, String> identities) {
        String name = file.getFileName().toString();
        String compressed = named && !name.toLowerCase(Locale.ROOT).endsWith(".zip") ? InputPaths.compression(file) : null;
        if (compressed != null && !compressed.equals("zip")) {
            throw new UserException("File '" + file + "' is compressed (" + compressed + "): decompress it first (for example "
                    + InputPaths.decompressor(compressed) + " '" + file + "'), then ingest the file it gives.");
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".zip") || "zip".equals(compressed)) {   // a zip under another name is read as one
            addZip(file, listener);
        } else if (!named && InputPaths.withoutCompressionSuffix(name) != null && SpotifyKeys.isStreamingHistory(InputPaths.withoutCompressionSuffix(name))) {
            compressedHistories.add(file);   // endsong_1.json.gz: not read; the loader warns of it
        } else if (!named && SpotifyKeys.isNearStreamingHistory(name)) {
            nearlyNamed.add(file.toString());
        } else if (SpotifyKeys.isStreamingHistory(name) || named) {
            String identity = identities.computeIfAbsent(file.toAbsolutePath().getParent(), SpotifyInputs::folderIdentity);
            ExportEntry entry = new ExportEntry(file.toString(), name, sizeOrZero(file), Long.MAX_VALUE, identity != null ? identity : listener,
                    SpotifyKeys.fileContent(name), () -> Files.newInputStream(file));
            entries.add(entry);
            if (identity == null && listener != null) {
                takingListener.put(entry, file.toAbsolutePath().getParent().toString());
            }
            compareListeners(file.toAbsolutePath().getParent().toString(), identity, entry);
        }
    }

    List<ExportEntry> entries() {
        return entries;
    }

    /** Compressed streaming-history files found in folders ({@code endsong_1.json.gz}): not read. */
    /** The files and zip entries named almost as histories are, which are not read. */
    List<String> nearlyNamed() {
        return nearlyNamed;
    }

    /** The zips (by path) that hold a zip (the entry's name), which is not read. */
    Map<String, String> zipsInZips() {
        return zipsInZips;
    }

    List<Path> compressedHistories() {
        return compressedHistories;
    }

    List<Refused> refused() {
        return refused;
    }

    /**
     * Why a zip cannot be read, and what to do: a compression method other than the two every zip
     * tool writes (stored, deflate: Spotify's exports use them) is the zip tool's choice, which
     * downloading again does not change; anything else is a damaged download.
     */
    static String unreadableZip(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("encrypted")) {
            return "a zip protected by a password (" + message + "); unzip it with its password and ingest the folder";
        }
        if (message.contains("compression method")) {
            return "a zip whose entries use a compression method Soundstage cannot read (" + message + "; Spotify's own zips use deflate); "
                    + "unzip it and ingest the folder, or zip it again with the usual method";
        }
        return "not a readable zip archive (" + message + "); download the export again";
    }

    /**
     * Opens a zip whose entry names are UTF-8, as zip tools write them today, or else in the
     * encoding zips had before (IBM 437, as Windows' and Info-ZIP's tools still write names
     * such as "Müsik/" without the UTF-8 flag): Java takes only UTF-8 by default.
     */
    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            if (!String.valueOf(e.getMessage()).contains("bad entry name")) {
                throw e;
            }
            return new ZipFile(file.toFile(), java.nio.charset.Charset.forName("IBM437"));
        }
    }

    private void addZip(Path file, String listener) {
        ZipFile zip;
        try {
            zip = open(file);
        } catch (ZipException e) {
            refused.add(new Refused(file.toString(), unreadableZip(e)));
            return;
        } catch (IOException e) {
            refused.add(new Refused(file.toString(), FileBatches.unreadableReason(e)));
            return;
        }
        zips.add(zip);
        List<? extends ZipEntry> all = Collections.list((Enumeration<? extends ZipEntry>) zip.entries());
        long total = all.stream().mapToLong(entry -> Math.max(entry.getSize(), 0)).sum();
        if (total > MAX_EXPORT_BYTES) {
            refused.add(new Refused(file.toString(), "the zip would expand to " + total + " bytes, beyond the limit of " + MAX_EXPORT_BYTES
                    + " for one export; nothing of it was read"));
            return;
        }
        // The listener of each folder of the zip that holds an identity file naming one: a zip of
        // several listeners' exports (one folder each) gave them all the last one's name.
        Map<String, String> folderIdentities = new HashMap<>();
        TreeSet<String> usernames = new TreeSet<>();
        List<Integer> histories = new ArrayList<>();   // positions in all
        Map<String, Integer> named = new HashMap<>();
        all.forEach(entry -> named.merge(entry.getName(), 1, Integer::sum));
        List<ExportEntry.Opener> openers;
        try {
            openers = openers(zip, file, all, named);
        } catch (IOException e) {
            refused.add(new Refused(file.toString(), unreadableZip(e)));
            return;
        }
        for (int position = 0; position < all.size(); position++) {
            ZipEntry entry = all.get(position);
            if (entry.isDirectory()) {
                continue;
            }
            String where = file + "!/" + entry.getName();
            String name = baseName(entry.getName());
            if (escapes(entry.getName())) {
                refused.add(new Refused(where, "the entry's path climbs out of the archive; refused, nothing of it was read or written"));
            } else if (entry.getSize() > RATIO_FLOOR && entry.getCompressedSize() > 0 && entry.getSize() / entry.getCompressedSize() > MAX_RATIO) {
                refused.add(new Refused(where, "the entry expands " + entry.getSize() / entry.getCompressedSize() + " times (to " + entry.getSize()
                        + " bytes), more than JSON does; refused as a likely zip bomb"));
            } else if (SpotifyKeys.isIdentity(name)) {
                String username = username(openers.get(position));
                if (username != null) {   // an identity file without one (Identity.json) names no listener
                    folderIdentities.merge(folderOf(entry.getName()), username, (first, other) -> first);
                    usernames.add(username);
                }
            } else if (SpotifyKeys.isStreamingHistory(name)) {
                histories.add(position);
            } else if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                zipsInZips.putIfAbsent(file.toString(), entry.getName());
            } else if (SpotifyKeys.isNearStreamingHistory(name)) {
                nearlyNamed.add(where);
            }
        }
        for (int position : histories) {
            ZipEntry entry = all.get(position);
            // Its own folder's identity; else the zip's, when the zip names one listener only.
            String identity = folderIdentities.getOrDefault(folderOf(entry.getName()), usernames.size() == 1 ? usernames.first() : null);
            String owner = identity != null ? identity : listener;
            long limit = entry.getSize() >= 0 ? entry.getSize() : MAX_EXPORT_BYTES;
            String path = file + "!/" + entry.getName() + (named.get(entry.getName()) > 1 ? " (entry " + (position + 1) + " of the zip)" : "");
            ExportEntry taken = new ExportEntry(path, baseName(entry.getName()), Math.max(entry.getSize(), 0), limit, owner,
                    SpotifyKeys.fileContent(baseName(entry.getName())), openers.get(position));
            entries.add(taken);
            if (identity == null && listener != null) {
                takingListener.put(taken, file.toAbsolutePath().getParent().toString());
            }
            compareListeners(file + "!/" + folderOf(entry.getName()), identity, taken);
        }
    }

    /**
     * Notes, once per export, a history whose records name another listener than the export's
     * identity file ({@code identity}, null when it has none): each record keeps its own
     * username, so "Alice" (Userdata.json) and "alice" (the records) were two listeners, silently,
     * and no 12-month play of one was upgraded by the other's extended records.
     */
    private void compareListeners(String export, String identity, ExportEntry entry) {
        if (identity == null || otherListeners.containsKey(export) || SpotifyKeys.isTwelveMonth(entry.name())) {
            return;
        }
        String username = firstUsername(entry);
        if (username != null && !username.equals(identity)) {
            otherListeners.put(export, "export '" + export + "': its identity file names listener '" + identity + "' and the records of '"
                    + entry.name() + "' name '" + username + "': each record keeps its own username, so these are two listeners, and no 12-month play"
                    + " of the one is upgraded by extended records of the other");
        }
    }

    /** The warnings of exports whose identity file and records name different listeners. */
    java.util.Collection<String> otherListeners() {
        return otherListeners.values();
    }

    /**
     * How to open each entry, by its position in the zip's central directory (the list's index). {@link
     * ZipFile#getInputStream} finds an entry by name, so of two entries of one name it always
     * yields the same one; a zip that has such entries is opened a second time with Commons
     * Compress, which lists the same entries in the same order and reads each at its own offset.
     */
    private List<ExportEntry.Opener> openers(ZipFile zip, Path file, List<? extends ZipEntry> all, Map<String, Integer> named) throws IOException {
        if (all.size() == named.size()) {
            return all.stream().<ExportEntry.Opener>map(entry -> () -> zip.getInputStream(entry)).toList();
        }
        org.apache.commons.compress.archivers.zip.ZipFile byOffset = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(file).get();
        zips.add(byOffset);
        List<ZipArchiveEntry> same = Collections.list(byOffset.getEntries());
        if (same.size() != all.size()) {
            throw new ZipException("the zip lists " + all.size() + " entries to one reader and " + same.size() + " to another");
        }
        List<ExportEntry.Opener> openers = new ArrayList<>(all.size());
        for (int position = 0; position < all.size(); position++) {
            ZipArchiveEntry entry = same.get(position);
            if (!entry.getName().equals(all.get(position).getName())) {
                throw new ZipException("entry " + (position + 1) + " is named " + all.get(position).getName() + " to one reader and " + entry.getName() + " to another");
            }
            openers.add(() -> byOffset.getInputStream(entry));
        }
        return openers;
    }

    /** Whether a zip entry name is absolute or climbs above the archive's root. */
    static boolean escapes(String entryName) {
        String name = entryName.replace('\\', '/');
        if (name.startsWith("/") || (name.length() > 1 && name.charAt(1) == ':')) {
            return true;
        }
        int depth = 0;
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                depth--;
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }

    /** The folder of a zip entry, as the zip names it ("" at the top). */
    private static String folderOf(String entryName) {
        String name = entryName.replace('\\', '/');
        return name.substring(0, Math.max(0, name.lastIndexOf('/')));
    }

    private static String baseName(String entryName) {
        String name = entryName.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** The username of the Userdata.json in {@code folder}, or null. */
    private static String folderIdentity(Path folder) {
        if (folder == null) {
            return null;
        }
        try (var list = Files.list(folder)) {
            // The first identity file that names a username: Identity.json, which sorts first, has none.
            return list.filter(p -> SpotifyKeys.isIdentity(p.getFileName().toString())).sorted()
                    .map(identity -> username(() -> Files.newInputStream(identity))).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The top-level "username" of an identity file; null when it has none or is not JSON. */
    private static String username(ExportEntry.Opener opener) {
        try (InputStream in = opener.open(); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (key.equals(SpotifyKeys.USERNAME) && value == JsonToken.VALUE_STRING && !parser.getText().isBlank()) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        for (java.io.Closeable zip : zips) {
            try {
                zip.close();
            } catch (IOException e) {
                // read-only; nothing to lose
            }
        }
    }

    /**
     * Refuses the load when a file's records may have no listener at all, unless it is content
     * already loaded ({@code loaded}: then it is only a duplicate, whose listener was known when
     * it loaded; asked last, as it may read the whole file).
     */
    static void requireListeners(List<ExportEntry> entries, String setting, java.util.function.Predicate<ExportEntry> loaded) {
        for (ExportEntry entry : entries) {
            if (entry.listener() == null && !firstRecordHasUsername(entry) && !loaded.test(entry)) {
                throw new UserException("No listener for '" + entry.path() + "': its records have no username and its export no Userdata.json that names one. "
                        + (setting.startsWith("--") ? "Ingest it with --listener NAME (the Spotify username whose export it is)."
                                : "Set " + setting + " in the configuration to the Spotify username whose export it is."));
            }
        }
    }

    /**
     * Refuses one --listener for the records of exports in more than one folder that name no
     * listener (neither a Userdata.json nor usernames in the records): given for a folder of
     * several listeners' exports, one folder each, it made them all one listener, silently, and
     * their plays counted twice where their histories overlapped. (One listener's downloads side
     * by side in one folder take it.) Files already loaded (duplicates: {@code loaded}) do not count.
     */
    void requireOneExportPerListener(String listener, String setting, java.util.function.Predicate<ExportEntry> loaded) {
        List<String> folders = takingListener.entrySet().stream()
                .filter(taking -> takesListener(taking.getKey()) && !loaded.test(taking.getKey()))
                .map(Map.Entry::getValue).distinct().toList();
        if (folders.size() > 1) {
            throw new UserException(setting + " " + listener + " would be the listener of exports in " + folders.size() + " folders whose records name none ('"
                    + folders.get(0) + "', '" + folders.get(1) + "'" + (folders.size() > 2 ? ", ..." : "") + "), as if they were one listener's: "
                    + (setting.startsWith("--") ? "ingest each folder on its own, with its listener's --listener"
                            : "make each folder a source of its own, with its listener's listener:") + " (the same name if they are one listener's).");
        }
    }

    /**
     * A --listener that differs from a listener the other exports of this ingest name (a
     * Userdata.json, or usernames in the records), while records that name none take it: one
     * person's download of account data (its Userdata.json names "bob_sp1") and of the newest
     * extended history (no username anywhere), ingested with {@code --listener bob}, became two
     * listeners, silently, and every play of both histories counted twice. Said, not refused: two
     * people's exports side by side (ann's named, bob's not, with {@code --listener bob}) look
     * the same, and are right. Empty when no record that is not loaded yet takes it, or no other
     * listener is named.
     */
    Optional<String> otherListenerNamed(String listener, String setting, java.util.function.Predicate<ExportEntry> loaded) {
        if (listener == null) {
            return Optional.empty();
        }
        List<ExportEntry> taking = takingListener.keySet().stream().filter(this::takesListener).toList();
        if (taking.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> named = new java.util.TreeMap<>();   // listener -> an entry that names it
        for (ExportEntry entry : entries) {
            String name = takingListener.containsKey(entry) ? firstUsername(entry) : entry.listener();
            if (name != null && !name.equals(listener)) {
                named.putIfAbsent(name, entry.path());
            }
        }
        if (named.isEmpty() || taking.stream().allMatch(loaded)) {
            return Optional.empty();
        }
        Map.Entry<String, String> other = named.entrySet().iterator().next();
        return Optional.of(setting + " " + listener + " names the records of '" + taking.get(0).path() + "', which name no listener, while '"
                + other.getValue() + "' of the same ingest names listener '" + other.getKey() + "'" + (named.size() > 1 ? " (and " + (named.size() - 1) + " more)" : "")
                + ": if they are one person's exports, that person is now two listeners and their plays count twice (give such exports " + setting + " "
                + other.getKey() + "); if two people's, all is well");
    }

    /** Whether {@code entry}'s records take the --listener: it is of an export that names no listener, and its records name none. */
    boolean takesListener(ExportEntry entry) {
        return takingListener.containsKey(entry) && !firstRecordHasUsername(entry);
    }

    /** Whether any record takes the --listener: one of an export that names no listener, in a file whose records name none. */
    boolean listenerTaken() {
        return takingListener.keySet().stream().anyMatch(this::takesListener);
    }

    /** The username of a history's first record; null when it has none, or is not read (quarantined with its reason when loaded). */
    private static String firstUsername(ExportEntry entry) {
        return firstRecordUsername(entry).filter(username -> !username.isBlank()).orElse(null);
    }

    private static boolean firstRecordHasUsername(ExportEntry entry) {
        // Not records at all: the reader quarantines it with the real reason.
        return firstRecordUsername(entry).map(username -> !username.isBlank()).orElse(true);
    }

    /**
     * The username of a history's first record ("" when it has none or it is not text); empty
     * when the file does not start with a record or cannot be read.
     */
    private static java.util.Optional<String> firstRecordUsername(ExportEntry entry) {
        try (InputStream in = entry.opener().open(); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.START_OBJECT) {
                return java.util.Optional.empty();
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (key.equals(SpotifyKeys.USERNAME)) {
                    return java.util.Optional.of(value == JsonToken.VALUE_STRING ? parser.getText() : "");
                }
                parser.skipChildren();
            }
            return java.util.Optional.of("");
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
