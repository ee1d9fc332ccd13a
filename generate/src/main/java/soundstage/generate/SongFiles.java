package soundstage.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes {@code song_data}: the catalogue, {@code songsPerFile} songs per file, in catalogue order.
 *
 * <p>Each file is named after a fresh track id, {@code song_data/A/B/C/TRABC....json} where A, B
 * and C are characters 3 to 5 of the id. A song is one line in the key order and spacing of the
 * public files: {@code {"num_songs": 1, "artist_id": ..., "artist_latitude": ...,
 * "artist_longitude": ..., "artist_location": ..., "artist_name": ..., "song_id": ..., "title":
 * ..., "duration": ..., "year": ...}}. Songs of one file are separated by its {@link LineEnding},
 * with none after the last, so a one-song file has no line ending at all. Like Python, {@code /}
 * is not escaped; unlike Python's default, non-ASCII is written as UTF-8 rather than as ASCII
 * escapes, so that mojibake is visible in the bytes as it is in the wild.
 *
 * <p>Per file, drawn from {@code fileQuirks}: its line ending and, with probability {@code
 * duplicateFileRate}, a byte-identical copy named {@code TR...-copy.json} in the same folder.
 */
final class SongFiles {

    private static final JsonFactory JSON = new JsonFactory();

    private final Path songDir;
    private final int songsPerFile;
    private final double duplicateFileRate;
    private final SplittableRandom fileQuirks;

    SongFiles(Path songDir, int songsPerFile, double duplicateFileRate, SplittableRandom fileQuirks) {
        this.songDir = songDir;
        this.songsPerFile = songsPerFile;
        this.duplicateFileRate = duplicateFileRate;
        this.fileQuirks = fileQuirks;
    }

    /** The file named after {@code trackId}. */
    static Path songFile(Path songDir, String trackId) {
        return folder(songDir, trackId).resolve(trackId + ".json");
    }

    /** The duplicate of the file named after {@code trackId}. */
    static Path duplicateFile(Path songDir, String trackId) {
        return folder(songDir, trackId).resolve(trackId + "-copy.json");
    }

    /**
     * Writes every song of {@code catalogue}.
     *
     * @param ids issues the track ids, so they are unique among all ids of the run
     * @param random draws the track ids
     */
    WriteTally write(SongCatalog catalogue, MsdIds ids, SplittableRandom random) throws IOException {
        List<CatalogSong> songs = catalogue.songs();
        Set<Path> folders = new HashSet<>(); // looked up only, to skip repeated createDirectories
        int files = 0;
        int duplicates = 0;
        long bytes = 0;
        for (int first = 0; first < songs.size(); first += songsPerFile) {
            String trackId = ids.track(random);
            LineEnding lineEnding = LineEnding.pick(fileQuirks);
            boolean duplicate = fileQuirks.nextDouble() < duplicateFileRate;
            Path file = songFile(songDir, trackId);
            if (folders.add(file.getParent())) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = Files.newOutputStream(file);
                    JsonGenerator json = JSON.createGenerator(out)) {
                json.setPrettyPrinter(new PythonJsonSpacing(lineEnding));
                int end = Math.min(songs.size(), first + songsPerFile);
                for (int i = first; i < end; i++) {
                    writeSong(json, songs.get(i));
                }
            }
            files++;
            bytes += Files.size(file);
            if (duplicate) {
                Path copy = duplicateFile(songDir, trackId);
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                duplicates++;
                bytes += Files.size(copy);
            }
        }
        return new WriteTally(files, duplicates, 0, bytes);
    }

    private static Path folder(Path songDir, String trackId) {
        return songDir
                .resolve(trackId.substring(2, 3))
                .resolve(trackId.substring(3, 4))
                .resolve(trackId.substring(4, 5));
    }

    private static void writeSong(JsonGenerator json, CatalogSong song) throws IOException {
        Artist artist = song.artist();
        json.writeStartObject();
        json.writeNumberField("num_songs", 1);
        json.writeStringField("artist_id", artist.id());
        writeNumberOrNull(json, "artist_latitude", artist.latitude());
        writeNumberOrNull(json, "artist_longitude", artist.longitude());
        json.writeStringField("artist_location", artist.location());
        json.writeStringField("artist_name", song.fileArtistName());
        json.writeStringField("song_id", song.songId());
        json.writeStringField("title", song.fileTitle());
        json.writeFieldName("duration");
        json.writeNumber(song.duration());
        json.writeNumberField("year", song.year());
        json.writeEndObject();
    }

    private static void writeNumberOrNull(JsonGenerator json, String name, String number)
            throws IOException {
        json.writeFieldName(name);
        if (number == null) {
            json.writeNull();
        } else {
            json.writeNumber(number);
        }
    }
}
