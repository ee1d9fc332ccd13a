package soundstage.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Songs that are played but have no song file, as most plays in the public data are.
 *
 * <p>The pool is larger than the catalogue but its size depends only on the catalogue's ({@link
 * #sizeFor}), never on the number of events, so memory stays flat however many events are written.
 * Some of these songs are by catalogue artists (a catalogue rarely holds an artist's whole work);
 * none has the (title, artist) of a catalogue song, so a play that matches the catalogue always
 * has the catalogue's duration.
 */
final class OffCatalogSongs {

    /** Share of off-catalogue songs credited to a catalogue artist. */
    private static final double CATALOGUE_ARTIST_RATE = 0.30;

    private static final int SMALLEST_POOL = 2_000;
    private static final int LARGEST_POOL = 150_000;
    private static final int POOL_PER_CATALOGUE_SONG = 4;

    /** Skew of popularity, as for the catalogue. */
    private static final double POPULARITY_EXPONENT = 0.9;

    private final List<Play> plays;
    private final ZipfSampler popularity;

    private OffCatalogSongs(List<Play> plays) {
        this.plays = List.copyOf(plays);
        this.popularity = new ZipfSampler(plays.size(), POPULARITY_EXPONENT);
    }

    /** Pool size for a catalogue of {@code catalogueSize} songs: four times it, 2,000 to 150,000. */
    static int sizeFor(int catalogueSize) {
        long wanted = (long) POOL_PER_CATALOGUE_SONG * catalogueSize;
        return (int) Math.min(LARGEST_POOL, Math.max(SMALLEST_POOL, wanted));
    }

    /** Invents as many songs as {@link #sizeFor} says for the catalogue's size. */
    static OffCatalogSongs generate(
            SongCatalog catalogue, SplittableRandom random, MusicNames names) {
        int size = sizeFor(catalogue.size());
        // Invented artists get about four songs each, like catalogue artists.
        List<String> artists = new ArrayList<>();
        for (int i = 0; i < Math.max(1, size / 4); i++) {
            artists.add(names.artist(random));
        }
        Set<String> pairs = new HashSet<>(); // looked up only, never iterated
        List<Play> plays = new ArrayList<>(size);
        while (plays.size() < size) {
            String artist =
                    random.nextDouble() < CATALOGUE_ARTIST_RATE
                            ? catalogue.songs().get(random.nextInt(catalogue.size())).artist().name()
                            : artists.get(random.nextInt(artists.size()));
            String title = names.title(random);
            long length = SongCatalog.durationUnits(random);
            if (!catalogue.contains(title, artist) && pairs.add(title + '\u0000' + artist)) {
                plays.add(Play.of(artist, title, length));
            }
        }
        return new OffCatalogSongs(plays);
    }

    /** A song to play, popular songs far likelier than others. */
    Play pick(SplittableRandom random) {
        return plays.get(popularity.next(random));
    }
}
