package soundstage.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The approach of the classic Sparkify scripts (create_tables.py + etl.py), in Java: the star
 * schema's five tables; every song file, then every log file, read whole; one INSERT per row
 * (songs and artists per song, time, users and songplays per NextSong event, each songplay after
 * one SELECT that looks its song up by title, artist name and duration); a commit per file. The
 * baseline Soundstage is measured against in bench/postgres.sh. Not part of the product.
 *
 * <p>Usage: {@code ClassicEtl JDBC_URL USER PASSWORD DATA_DIR}
 */
public final class ClassicEtl {
    private static final JsonFactory JSON = new JsonFactory();

    private ClassicEtl() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[3]);
        long started = System.nanoTime();
        long events = 0;
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            createTables(connection);
            connection.setAutoCommit(false);
            for (Path file : files(data.resolve("song_data"))) {
                processSongFile(connection, file);
                connection.commit();
            }
            for (Path file : files(data.resolve("log_data"))) {
                events += processLogFile(connection, file);
                connection.commit();
            }
        }
        System.out.printf("classic ETL: %d events in %.1f s%n", events, (System.nanoTime() - started) / 1e9);
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS songplays, users, songs, artists, time");
            statement.execute("CREATE TABLE songplays (songplay_id SERIAL PRIMARY KEY, start_time TIMESTAMP NOT NULL, user_id INT NOT NULL, level VARCHAR, "
                    + "song_id VARCHAR, artist_id VARCHAR, session_id INT, location VARCHAR, user_agent VARCHAR)");
            statement.execute("CREATE TABLE users (user_id INT PRIMARY KEY, first_name VARCHAR, last_name VARCHAR, gender VARCHAR, level VARCHAR)");
            statement.execute("CREATE TABLE songs (song_id VARCHAR PRIMARY KEY, title VARCHAR, artist_id VARCHAR, year INT, duration NUMERIC)");
            statement.execute("CREATE TABLE artists (artist_id VARCHAR PRIMARY KEY, name VARCHAR, location VARCHAR, latitude NUMERIC, longitude NUMERIC)");
            statement.execute("CREATE TABLE time (start_time TIMESTAMP PRIMARY KEY, hour INT, day INT, week INT, month INT, year INT, weekday INT)");
        }
    }

    private static void processSongFile(Connection connection, Path file) throws IOException, SQLException {
        try (PreparedStatement song = connection.prepareStatement("INSERT INTO songs VALUES (?, ?, ?, ?, ?) ON CONFLICT (song_id) DO NOTHING");
             PreparedStatement artist = connection.prepareStatement("INSERT INTO artists VALUES (?, ?, ?, ?, ?) ON CONFLICT (artist_id) DO NOTHING")) {
            for (Map<String, Object> row : read(file)) {
                if (row.get("song_id") == null) {
                    continue;
                }
                song.setObject(1, row.get("song_id"));
                song.setObject(2, row.get("title"));
                song.setObject(3, row.get("artist_id"));
                song.setObject(4, row.get("year") instanceof Number n ? n.intValue() : null);
                song.setObject(5, row.get("duration") instanceof Number n ? n.doubleValue() : null);
                song.executeUpdate();
                artist.setObject(1, row.get("artist_id"));
                artist.setObject(2, row.get("artist_name"));
                artist.setObject(3, row.get("artist_location"));
                artist.setObject(4, row.get("artist_latitude") instanceof Number n ? n.doubleValue() : null);
                artist.setObject(5, row.get("artist_longitude") instanceof Number n ? n.doubleValue() : null);
                artist.executeUpdate();
            }
        }
    }

    private static long processLogFile(Connection connection, Path file) throws IOException, SQLException {
        long plays = 0;
        try (PreparedStatement time = connection.prepareStatement("INSERT INTO time VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (start_time) DO NOTHING");
             PreparedStatement user = connection.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET level = EXCLUDED.level");
             PreparedStatement find = connection.prepareStatement("SELECT s.song_id, a.artist_id FROM songs s JOIN artists a ON s.artist_id = a.artist_id "
                     + "WHERE s.title = ? AND a.name = ? AND s.duration = ?");
             PreparedStatement songplay = connection.prepareStatement("INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map<String, Object> row : read(file)) {
                if (!"NextSong".equals(row.get("page")) || !(row.get("ts") instanceof Number ts) || row.get("userId") == null || row.get("userId").toString().isBlank()) {
                    continue;
                }
                int userId;
                try {
                    userId = Integer.parseInt(row.get("userId").toString().trim());
                } catch (NumberFormatException e) {
                    continue;
                }
                LocalDateTime start = LocalDateTime.ofInstant(Instant.ofEpochMilli(ts.longValue()), ZoneOffset.UTC);
                time.setTimestamp(1, Timestamp.valueOf(start));
                time.setInt(2, start.getHour());
                time.setInt(3, start.getDayOfMonth());
                time.setInt(4, start.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                time.setInt(5, start.getMonthValue());
                time.setInt(6, start.getYear());
                time.setInt(7, start.getDayOfWeek().getValue() - 1);
                time.executeUpdate();
                user.setInt(1, userId);
                user.setObject(2, row.get("firstName"));
                user.setObject(3, row.get("lastName"));
                user.setObject(4, row.get("gender"));
                user.setObject(5, row.get("level"));
                user.executeUpdate();
                find.setObject(1, row.get("song"));
                find.setObject(2, row.get("artist"));
                find.setObject(3, row.get("length") instanceof Number n ? new java.math.BigDecimal(n.toString()) : null);
                String songId = null;
                String artistId = null;
                try (ResultSet match = find.executeQuery()) {
                    if (match.next()) {
                        songId = match.getString(1);
                        artistId = match.getString(2);
                    }
                }
                songplay.setTimestamp(1, Timestamp.valueOf(start));
                songplay.setInt(2, userId);
                songplay.setObject(3, row.get("level"));
                songplay.setString(4, songId);
                songplay.setString(5, artistId);
                songplay.setObject(6, row.get("sessionId") instanceof Number n ? n.intValue() : null);
                songplay.setObject(7, row.get("location"));
                songplay.setObject(8, row.get("userAgent"));
                songplay.executeUpdate();
                plays++;
            }
        }
        return plays;
    }

    /** The JSON objects of a file, one per line, as flat maps (pandas' read_json(lines=True)); bad lines are skipped. */
    private static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                try (JsonParser parser = JSON.createParser(line)) {
                    if (parser.nextToken() != JsonToken.START_OBJECT) {
                        continue;
                    }
                    Map<String, Object> row = new HashMap<>();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        row.put(name, switch (value) {
                            case VALUE_NUMBER_INT -> parser.getLongValue();
                            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                            case VALUE_STRING -> parser.getText();
                            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
                            default -> {
                                parser.skipChildren();
                                yield null;
                            }
                        });
                    }
                    rows.add(row);
                } catch (IOException bad) {
                    // pandas would fail the whole file; skipping the line is kinder and no slower.
                }
            }
        }
        return rows;
    }
}
