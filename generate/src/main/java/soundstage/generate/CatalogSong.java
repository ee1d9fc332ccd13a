package soundstage.generate;

/**
 * A song of the catalogue: what its song file says and what the events playing it say.
 *
 * <p>The two normally agree character for character. For the songs picked by {@link
 * Mojibake#SONG_RATE} one side or both carry garbled names ({@code fileArtistName}/{@code
 * fileTitle} versus {@code play}); {@link Mojibake#repair} makes them equal to {@code
 * artist.name()} and {@code title} again.
 *
 * @param artist the artist, with the correct name
 * @param songId {@code SO} and 16 characters
 * @param title correct title; unique together with the artist's name across the catalogue
 * @param duration JSON number text, five decimals at most, 60 to 600 seconds
 * @param year release year, or 0 for unknown
 * @param fileArtistName {@code artist_name} as written in the song file
 * @param fileTitle {@code title} as written in the song file
 * @param play what every event playing this song says
 */
record CatalogSong(
        Artist artist,
        String songId,
        String title,
        String duration,
        int year,
        String fileArtistName,
        String fileTitle,
        Play play) {}
