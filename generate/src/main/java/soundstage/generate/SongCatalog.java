package soundstage.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The songs written to {@code song_data}, held in memory (the catalogue is bounded by the {@code
 * songs} option, not by the number of events) so that events can play them.
 *
 * <p>Contracts:
 *
 * <ul>
 *   <li>songs come grouped by artist, each artist having 1 to 10 songs, most only a few;
 *   <li>(correct title, correct artist name) pairs are unique, and so are artist names, so a play
 *       names exactly one catalogue song;
 *   <li>about 40% of songs have year 0 (unknown), the rest 1950 to 2010, recent years likelier;
 *   <li>durations are 60 to 600 seconds, centred near four minutes;
 *   <li>popularity is Zipf-like over a shuffled order, so popular songs are spread over artists.
 * </ul>
 */
final class SongCatalog {

    /** Share of songs with year 0, the public data's "unknown". */
    static final double UNKNOWN_YEAR_RATE = 0.40;

    /** Skew of song popularity; below 1 so that the tail still gets played. */
    private static final double POPULARITY_EXPONENT = 0.9;

    private static final int MOST_SONGS_PER_ARTIST = 10;

    /** Gives up on fresh names after this many clashes and adds a version suffix instead. */
    private static final int NAME_ATTEMPTS = 20;

    private final List<CatalogSong> songs;
    private final Set<String> pairs;
    private final ZipfSampler popularity;
    private final int[] byPopularity;

    private SongCatalog(List<CatalogSong> songs, Set<String> pairs, SplittableRandom random) {
        this.songs = List.copyOf(songs);
        this.pairs = pairs;
        this.popularity = new ZipfSampler(songs.size(), POPULARITY_EXPONENT);
        this.byPopularity = Shuffle.permutation(songs.size(), random);
    }

    /**
     * Invents {@code count} songs.
     *
     * @param ids issues the artist and song ids; also used later for track ids, so they never clash
     */
    static SongCatalog generate(
            int count, SplittableRandom random, MusicNames names, ArtistPlaces places, MsdIds ids) {
        List<CatalogSong> songs = new ArrayList<>(count);
        // Both sets are only looked up, never iterated.
        Set<String> artistNames = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        while (songs.size() < count) {
            String name = names.uniqueArtist(artistNames, random);
            Artist artist = places.newArtist(ids.artist(random), name, random);
            int songsOfArtist = Math.min(songsPerArtist(random), count - songs.size());
            for (int i = 0; i < songsOfArtist; i++) {
                songs.add(newSong(artist, random, names, ids, pairs));
            }
        }
        return new SongCatalog(songs, pairs, random);
    }

    List<CatalogSong> songs() {
        return songs;
    }

    int size() {
        return songs.size();
    }

    /** Whether a catalogue song has this correct title and artist name. */
    boolean contains(String title, String artistName) {
        return pairs.contains(pairKey(title, artistName));
    }

    /** A song to play, popular songs far likelier than others. */
    CatalogSong pick(SplittableRandom random) {
        return songs.get(byPopularity[popularity.next(random)]);
    }

    /** A duration in hundred-thousandths of a second: 60 to 600 s, most between 2.5 and 6.5 min. */
    static long durationUnits(SplittableRandom random) {
        // Sum of four uniforms, rescaled: a cheap bell curve with mean 0 and deviation 1.
        double bell =
                (random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble() - 2)
                       * StrictMath.sqrt(3);
        double seconds = Math.max(60, Math.min(600, 240 * StrictMath.exp(0.3 * bell)));
        return FiveDecimals.units(seconds);
    }

    private static String pairKey(String title, String artistName) {
        return title + '\u0000' + artistName;
    }

    private static int songsPerArtist(SplittableRandom random) {
        // u^2.5 piles up near 0: about 40% of artists get one song, few get ten.
        double skewed = StrictMath.pow(random.nextDouble(), 2.5);
        return 1 + (int) (skewed * MOST_SONGS_PER_ARTIST);
    }

    private static int year(SplittableRandom random) {
        if (random.nextDouble() < UNKNOWN_YEAR_RATE) {
            return 0;
        }
        double recent = random.nextDouble();
        return 2010 - (int) (61 * recent * recent);
    }

    private static CatalogSong newSong(
            Artist artist, SplittableRandom random, MusicNames names, MsdIds ids, Set<String> pairs) {
        boolean garbled = random.nextDouble() < Mojibake.SONG_RATE;
        String title;
        if (garbled && !Mojibake.affects(artist.name())) {
            // Only non-ASCII text changes when garbled: make sure there is some.
            title = uniqueTitle(artist, random, pairs, names::accentedTitle, names);
        } else {
            title = uniqueTitle(artist, random, pairs, names::title, names);
        }
        long durationUnits = durationUnits(random);
        String duration = FiveDecimals.format(durationUnits);
        String songId = ids.song(random);
        int year = year(random);
        String fileArtist = artist.name();
        String fileTitle = title;
        String eventArtist = artist.name();
        String eventTitle = title;
        if (garbled) {
            switch (GarbledSide.pick(random)) {
                case FILE -> {
                    fileArtist = Mojibake.garble(fileArtist);
                    fileTitle = Mojibake.garble(fileTitle);
                }
                case EVENTS -> {
                    eventArtist = Mojibake.garble(eventArtist);
                    eventTitle = Mojibake.garble(eventTitle);
                }
                case BOTH -> {
                    fileArtist = Mojibake.garble(fileArtist);
                    fileTitle = Mojibake.garble(fileTitle);
                    eventArtist = fileArtist;
                    eventTitle = fileTitle;
                }
            }
        }
        return new CatalogSong(
                artist,
                songId,
                title,
                duration,
                year,
                fileArtist,
                fileTitle,
                Play.of(eventArtist, eventTitle, durationUnits));
    }

    private interface TitleSource {
        String next(SplittableRandom random);
    }

    private static String uniqueTitle(
            Artist artist,
            SplittableRandom random,
            Set<String> pairs,
            TitleSource source,
            MusicNames names) {
        String title = source.next(random);
        for (int attempt = 1; !pairs.add(pairKey(title, artist.name())); attempt++) {
            title = attempt < NAME_ATTEMPTS ? source.next(random) : names.withSuffix(title, random);
        }
        return title;
    }

    /** Which copies of a garbled song carry the mojibake. */
    private enum GarbledSide {
        FILE,
        EVENTS,
        BOTH;

        static GarbledSide pick(SplittableRandom random) {
            return values()[random.nextInt(3)];
        }
    }
}
