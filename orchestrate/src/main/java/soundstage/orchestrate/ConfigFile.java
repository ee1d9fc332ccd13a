package soundstage.orchestrate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.UserException;
import soundstage.export.LakeFormat;
import soundstage.export.LakeLocation;
import soundstage.ingest.InputPaths;

/**
 * Reads and validates the configuration file. Every string value may hold {@code ${NAME}} (the
 * environment variable NAME, which must be set) or {@code ${NAME:-fallback}}; {@code $$} is a
 * literal {@code $}. Relative paths are read from the file's folder. Every problem is reported as
 * one line that names the file, the key, the rule and the bad value.
 *
 * <pre>
 * warehouse: warehouse.duckdb            # or postgresql://etl@db:5432/music
 * sources:
 *   songs:  {kind: sparkify-songs, path: data/song_data}
 *   events: {kind: sparkify-events, path: 'data/log_data/**'}
 * lake: {to: lake, format: parquet}     # or to: s3://bucket/prefix
 * schedule: {cron: '0 3 * * *', timezone: UTC, catch_up: false}
 * retries: {attempts: 3, backoff: 2s}
 * logs: soundstage-logs
 * </pre>
 */
public final class ConfigFile {
    /** The file commands read when none is named. */
    public static final String DEFAULT_NAME = "soundstage.yml";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    /** A PostgreSQL address as written, up to the '@' that ends its user part. */
    private static final Pattern POSTGRES_USER_PART = Pattern.compile("(?:jdbc:)?postgres(?:ql)?://[^@/?#]*@");
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** The largest configuration file read: thousands of sources' worth. */
    static final long MAX_BYTES = 256 * 1024;
    private static final Set<String> TOP = Set.of("warehouse", "sources", "lake", "schedule", "retries", "logs");
    private static final Set<String> SOURCE = Set.of("kind", "path", "listener", "drop_personal_data");
    private static final Set<String> LAKE = Set.of("to", "format");
    private static final Set<String> SCHEDULE = Set.of("cron", "timezone", "catch_up");
    private static final Set<String> RETRIES = Set.of("attempts", "backoff");

    private final Path file;
    private final Path folder;
    private final Map<String, String> environment;

    private ConfigFile(Path file, Map<String, String> environment) {
        this.file = file;
        this.folder = file.toAbsolutePath().getParent();
        this.environment = environment;
    }

    /**
     * Reads {@code file} with the process environment.
     *
     * @throws UserException when the file is missing, not YAML, or breaks a rule
     */
    public static PipelineConfig read(Path file) {
        return read(file, System.getenv());
    }

    /** As {@link #read(Path)}, with {@code environment} for {@code ${NAME}}. */
    public static PipelineConfig read(Path file, Map<String, String> environment) {
        return new ConfigFile(file, environment).parse(tree(file));
    }

    /**
     * The warehouse {@code file} names (a DuckDB path resolved against its folder), or {@code null}
     * when it names none, with the process environment. Read apart from {@link #read}, which leaves
     * the key out: a command given another warehouse needs neither this key nor its
     * {@code ${NAME}} set, and a command that only reads the warehouse (sql, status, serve) needs
     * nothing else of the file: a lake's or a source's variable unset where the dashboard runs
     * does not keep it from opening the warehouse. The top-level keys are checked, so that a
     * misspelled {@code warehouse} is not taken for no warehouse (the default).
     *
     * @throws UserException when the file is missing, not YAML, or its top level or warehouse breaks a rule
     */
    public static String readWarehouse(Path file) {
        return readWarehouse(file, System.getenv());
    }

    /** As {@link #readWarehouse(Path)}, with {@code environment} for {@code ${NAME}}. */
    public static String readWarehouse(Path file, Map<String, String> environment) {
        JsonNode root = tree(file);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        ConfigFile config = new ConfigFile(file, environment);
        config.mapping(root, "", TOP);
        JsonNode node = root.get("warehouse");
        String written = node == null || node.isNull() || !node.isValueNode() ? "" : node.asText();
        Matcher user = POSTGRES_USER_PART.matcher(written);
        String warehouse = node == null || node.isNull() ? null : config.text(node, "warehouse", user.lookingAt() ? user.end() : 0);
        return warehouse != null && !warehouse.contains("://") && !warehouse.startsWith("jdbc:") ? config.resolve(warehouse) : warehouse;
    }

    /**
     * The line of the first tab on or after line {@code from} (1-based) of {@code text}: SnakeYAML
     * refuses a tab that indents a line at the line before it, where it was looking for the next token.
     */
    static int tabLine(String text, int from) {
        String[] lines = text.split("\n", -1);
        for (int line = Math.max(from, 1); line <= lines.length; line++) {
            if (lines[line - 1].indexOf('\t') >= 0) {
                return line;
            }
        }
        return from;
    }

    /** The YAML tree of {@code file}. */
    private static JsonNode tree(Path file) {
        JsonNode root;
        String text = "";
        try {
            // A key given twice is refused: the last one would win, silently (a source or a path lost).
            YAMLMapper mapper = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            if (!Files.isDirectory(file) && Files.size(file) > MAX_BYTES) {
                // SnakeYAML scans a long comment line in time that grows with its square: 8 MB took 81 s, 50 MB hung.
                throw new UserException("Configuration file " + file + " is " + Files.size(file) / 1024 + " KB, more than a configuration holds (at most "
                        + MAX_BYTES / 1024 + " KB). Give --config the path of the YAML configuration.");
            }
            text = Files.readString(file);
            Map<JsonPointer, String> written = refuseWhatTheTreeLoses(mapper, file, text);
            root = mapper.readTree(text);
            asWritten(root, written);
        } catch (NoSuchFileException e) {
            throw new UserException("Configuration file " + file + " does not exist. Create it (see the README's Configuration section) or name another with --config.");
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + (e.getOriginalMessage().contains("\\t(TAB)") ? tabLine(text, e.getLocation().getLineNr()) : e.getLocation().getLineNr());
            throw new UserException(file + " is not valid YAML" + where + ": " + oneLine(e.getOriginalMessage()) + ". Fix the file and try again.");
        } catch (CharacterCodingException e) {
            throw new UserException("Configuration file " + file + " is not UTF-8 text. Save it as UTF-8 and try again.");
        } catch (IOException e) {
            String what = Files.isDirectory(file) ? "it is a folder"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            throw new UserException("Cannot read configuration file '" + file + "': " + what + ". Give --config the path of a YAML file.");
        }
        return root;
    }

    /**
     * Refuses what Jackson's tree would read wrongly, naming its line: a YAML alias ({@code *name}),
     * which the tree gives as the text of its name (a source written as {@code more: *events} was
     * refused for being the word 'events'); and a second document after {@code ---}, which the
     * tree does not read at all (an empty one loses nothing and passes). Returns the numbers and
     * booleans as written, by where they are, for {@link #asWritten}.
     */
    private static Map<JsonPointer, String> refuseWhatTheTreeLoses(YAMLMapper mapper, Path file, String text) throws IOException {
        Map<JsonPointer, String> written = new HashMap<>();
        try (YAMLParser parser = (YAMLParser) mapper.createParser(text)) {
            int depth = 0;
            int documents = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric() || token.isBoolean()) {
                    written.put(parser.getParsingContext().pathAsPointer(), parser.getText());
                }
                if (parser.isCurrentAlias()) {
                    throw new UserException(file + " uses the YAML alias *" + parser.getText() + " at line " + parser.currentLocation().getLineNr()
                            + ", which Soundstage does not expand. Write the value out in full there, and try again.");
                }
                if (depth == 0 && token != JsonToken.VALUE_NULL && ++documents == 2) {   // the tree reads the first document only: the sources of the next would be lost (an empty one, a trailing '---', loses nothing)
                    throw new UserException(file + " holds more than one YAML document (the second starts at line " + parser.currentLocation().getLineNr()
                            + "), and Soundstage reads one. Put everything in one document (remove the '---' line) and try again.");
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
        }
        return written;
    }

    /**
     * Puts back the text of each number and boolean as the file writes it: YAML 1.1, which
     * Jackson reads, takes {@code 010} for 8, {@code 0x1F} for 31, {@code 1.50} for 1.5 and
     * {@code no} for false, so {@code path: 010} named the folder '8' and {@code path: no} the
     * folder 'false'. Every value is then its text, read by what its key expects.
     */
    private static void asWritten(JsonNode node, Map<JsonPointer, String> written) {
        asWritten(node, JsonPointer.empty(), written);
    }

    private static void asWritten(JsonNode node, JsonPointer at, Map<JsonPointer, String> written) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonPointer child = at.appendProperty(name);
                if (object.get(name).isNumber() || object.get(name).isBoolean()) {
                    object.put(name, written.getOrDefault(child, object.get(name).asText()));
                } else {
                    asWritten(object.get(name), child, written);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                if (array.get(i).isNumber() || array.get(i).isBoolean()) {
                    array.set(i, TextNode.valueOf(written.getOrDefault(child, array.get(i).asText())));
                } else {
                    asWritten(array.get(i), child, written);
                }
            }
        }
    }

    /**
     * SnakeYAML's message on one line: what it was parsing and what it found, without the lines
     * that quote the file and point at the column (each "in 'reader', line L, column C:" line is
     * followed by the quoted line and a caret).
     */
    static String oneLine(String message) {
        List<String> kept = new ArrayList<>();
        List<String> lines = message.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("in '")) {
                i += 2;
            } else if (!line.isEmpty()) {
                kept.add(line);
            }
        }
        return String.join("; ", kept);
    }

    private PipelineConfig parse(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new PipelineConfig(file, List.of(), null, ScheduleConfig.DEFAULT, RetryPolicy.DEFAULT, null);
        }
        mapping(root, "", TOP);   // warehouse: see readWarehouse
        List<SourceConfig> sources = sources(root.get("sources"));
        LakeConfig lake = lake(root.get("lake"));
        refuseLakeAmongSources(lake, sources);
        ScheduleConfig schedule = schedule(root.get("schedule"));
        RetryPolicy retries = retries(root.get("retries"));
        String logs = optionalText(root, "logs");
        return new PipelineConfig(file, sources, lake, schedule, retries, logs == null ? null : Path.of(resolve(logs)));
    }

    private List<SourceConfig> sources(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw problem("sources", "must be a mapping from source names to {kind, path}, not " + describe(node));
        }
        List<SourceConfig> sources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String key = "sources." + name;
            if (!SOURCE_NAME.matcher(name).matches()) {
                throw problem(key, "the source name must be lower-case letters, digits and _, starting with a letter (it names the task ingest." + name + ")");
            }
            JsonNode source = entry.getValue();
            mapping(source, key, SOURCE);
            String kindName = requiredText(source, key + ".kind");
            FileKind kind;
            try {
                kind = FileKind.fromCliName(kindName);
            } catch (UserException e) {
                throw problem(key + ".kind", "'" + kindName + "' is not a kind; use one of " + FileKind.names());
            }
            List<String> paths = paths(source.get("path"), key + ".path");
            String listener = optionalText(source, key + ".listener");
            if (listener != null && kind != FileKind.SPOTIFY_EXPORT) {
                throw problem(key + ".listener", "is for kind spotify-export only (Sparkify events carry their users)");
            }
            String badListener = IngestOptions.listenerProblem(listener, "listener: alice");
            if (badListener != null) {
                throw problem(key + ".listener", badListener);
            }
            // A spotify-export source without the key drops personal data when SOUNDSTAGE_DROP_PERSONAL_DATA says so, as ingest does.
            JsonNode dropNode = source.get("drop_personal_data");
            boolean dropByDefault = kind == FileKind.SPOTIFY_EXPORT && (dropNode == null || dropNode.isNull()) && IngestOptions.dropPersonalDataByDefault(environment);
            boolean drop = optionalBoolean(source, key + ".drop_personal_data", dropByDefault);
            if (drop && kind != FileKind.SPOTIFY_EXPORT) {   // accepted and ignored, a user would believe the events' user agents and places were dropped
                throw problem(key + ".drop_personal_data", "is for kind spotify-export only (Sparkify events are stored as their files hold them)");
            }
            sources.add(new SourceConfig(name, kind, paths, listener, drop));
        }
        return sources;
    }

    private List<String> paths(JsonNode node, String key) {
        List<String> paths = new ArrayList<>();
        if (node == null || node.isNull()) {
            throw problem(key, "is missing; give a file, a folder or a quoted glob, or a list of them");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.add(resolve(text(node.get(i), key + "[" + i + "]")));
            }
            if (paths.isEmpty()) {
                throw problem(key, "is an empty list; give at least one file, folder or glob");
            }
        } else {
            paths.add(resolve(text(node, key)));
        }
        for (String path : paths) {
            String bad = InputPaths.globProblem(path);
            if (bad != null) {
                throw problem(key, "'" + path + "' " + bad);
            }
        }
        return paths;
    }

    /** A path of the file: {@code ~/} is the home folder, as in the shell; a relative path is the file's folder's. */
    private String resolve(String path) {
        String expanded = home(path);
        return Path.of(expanded).isAbsolute() ? expanded : folder.resolve(expanded).toString();
    }

    private static String home(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    /**
     * Refuses a local lake inside a source's folder, or a source inside the lake: every run would
     * ingest the lake's own files (its parts and manifest, quarantined line by line and
     * registered), and a watched folder would start a run after each export.
     */
    private void refuseLakeAmongSources(LakeConfig lake, List<SourceConfig> sources) {
        if (lake == null || !(lake.to() instanceof LakeLocation.Folder folder)) {
            return;
        }
        Path lakePath = folder.path().toAbsolutePath().normalize();
        for (SourceConfig source : sources) {
            for (String path : source.paths()) {
                Path base = InputPaths.folderOf(path).toAbsolutePath().normalize();
                if (lakePath.startsWith(base) || base.startsWith(lakePath)) {
                    throw problem("lake.to", "'" + lakePath + "' " + (lakePath.startsWith(base) ? "is inside the folder of" : "holds") + " source " + source.name()
                            + " ('" + path + "'), so every run would ingest the lake's own files; put the lake outside the sources' folders");
                }
            }
        }
    }

    private LakeConfig lake(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        mapping(node, "lake", LAKE);
        String to = requiredText(node, "lake.to");
        String formatName = optionalText(node, "lake.format");
        LakeFormat format;
        try {
            format = formatName == null ? LakeFormat.PARQUET : LakeFormat.fromCliName(formatName);
        } catch (UserException e) {
            throw problem("lake.format", "'" + formatName + "' is not a format; use one of " + LakeFormat.names());
        }
        LakeLocation location;
        try {
            location = LakeLocation.parse(home(to), folder);
        } catch (UserException e) {
            throw problem("lake.to", e.getMessage());
        }
        return new LakeConfig(location, format);
    }

    private ScheduleConfig schedule(JsonNode node) {
        if (node == null || node.isNull()) {
            return ScheduleConfig.DEFAULT;
        }
        mapping(node, "schedule", SCHEDULE);
        String cron = optionalText(node, "schedule.cron");
        if (cron == null) {
            cron = ScheduleConfig.DEFAULT.cron();
        }
        try {
            CronSchedule.parse(cron);
        } catch (IllegalArgumentException e) {
            throw problem("schedule.cron", e.getMessage());
        }
        String zoneName = optionalText(node, "schedule.timezone");
        ZoneId zone;
        try {
            zone = zoneName == null ? ScheduleConfig.DEFAULT.zone() : ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw problem("schedule.timezone", "'" + zoneName + "' is not a time zone; use a name such as UTC or Europe/Berlin");
        }
        return new ScheduleConfig(cron, zone, optionalBoolean(node, "schedule.catch_up", false));
    }

    private RetryPolicy retries(JsonNode node) {
        if (node == null || node.isNull()) {
            return RetryPolicy.DEFAULT;
        }
        mapping(node, "retries", RETRIES);
        int attempts = RetryPolicy.DEFAULT.attempts();
        JsonNode attemptsNode = node.get("attempts");
        if (attemptsNode != null && !attemptsNode.isNull()) {
            String text = text(attemptsNode, "retries.attempts");
            try {
                attempts = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                attempts = 0;
            }
            if (attempts < 1 || attempts > 100) {
                throw problem("retries.attempts", "must be a whole number from 1 (no retry) to 100, not '" + text + "'");
            }
        }
        Duration backoff = RetryPolicy.DEFAULT.backoff();
        String backoffText = optionalText(node, "retries.backoff");
        if (backoffText != null) {
            try {
                backoff = Durations.parse(backoffText);
            } catch (IllegalArgumentException e) {
                throw problem("retries.backoff", e.getMessage());
            }
        }
        return new RetryPolicy(attempts, backoff);
    }

    /** Checks that {@code node} is a mapping whose keys are all among {@code known}. */
    private void mapping(JsonNode node, String key, Set<String> known) {
        if (!node.isObject()) {
            throw problem(key.isEmpty() ? "(top level)" : key, "must be a mapping of " + String.join(", ", sorted(known)) + ", not " + describe(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw problem(key.isEmpty() ? name : key + "." + name, "is not a known key; use " + String.join(", ", sorted(known)));
            }
        }
    }

    private String requiredText(JsonNode parent, String key) {
        JsonNode node = parent.get(leaf(key));
        if (node == null || node.isNull()) {
            throw problem(key, "is missing");
        }
        return text(node, key);
    }

    private String optionalText(JsonNode parent, String key) {
        JsonNode node = parent.get(leaf(key));
        return node == null || node.isNull() ? null : text(node, key);
    }

    private boolean optionalBoolean(JsonNode parent, String key, boolean fallback) {
        JsonNode node = parent.get(leaf(key));
        if (node == null || node.isNull()) {
            return fallback;
        }
        String text = text(node, key);
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;   // YAML 1.1's spellings, as written
            case "false", "no", "off" -> false;
            default -> throw problem(key, "must be true or false, not '" + text + "'");
        };
    }

    /** A scalar's text with {@code ${NAME}} replaced. */
    private String text(JsonNode node, String key) {
        return text(node, key, 0);
    }

    /**
     * As {@link #text(JsonNode, String)}; the values of variables before index {@code encodedUntil}
     * of the written text are percent-encoded (the user part of a PostgreSQL address: a password
     * from {@code ${PGPASSWORD}} holding '@', '/' or '#' would otherwise end it early, and put part
     * of the password where the host belongs).
     */
    private String text(JsonNode node, String key, int encodedUntil) {
        if (!node.isValueNode()) {
            throw problem(key, "must be a single value, not " + describe(node));
        }
        String raw = node.asText();
        if (VARIABLE.matcher(raw).replaceAll("").contains("${")) {
            throw problem(key, "has a '${' that is not ${NAME} or ${NAME:-fallback} (a '}' missing?); write $$ for a $");
        }
        Matcher matcher = VARIABLE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = environment.get(matcher.group(1));
                if (value == null || value.isEmpty()) {
                    if (matcher.group(2) == null) {
                        throw problem(key, "uses ${" + matcher.group(1) + "}, which is not set; set that environment variable or write ${"
                                + matcher.group(1) + ":-fallback}");
                    }
                    value = matcher.group(2);
                }
                replacement = matcher.start() < encodedUntil ? java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") : value;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        String text = out.toString();
        if (text.isBlank()) {
            throw problem(key, "is empty");
        }
        return text;
    }

    private UserException problem(String key, String rule) {
        String said = rule.endsWith(".") ? rule.substring(0, rule.length() - 1) : rule;   // a message of its own ends with its period
        return new UserException(file + ": " + key + ": " + said + ". Fix the file and try again.");
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String describe(JsonNode node) {
        return node.isArray() ? "a list" : node.isObject() ? "a mapping" : "'" + node.asText() + "'";
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
