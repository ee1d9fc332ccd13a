package soundstage.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the listeners of one run can play, shared by all of them: artists with albums of tracks,
 * podcast shows (audio and video) with episodes, and audiobooks with chapters. Held in memory; its
 * size is fixed, whatever the number of plays.
 *
 * <p>Artist names are unique; track names are unique within an artist only most of the time, as on
 * Spotify, where a song may come on an album and again as a single. Tracks are stored grouped by
 * artist, each album's tracks in order, so that a listener can play an album through.
 */
final class SpotifyCatalogue {

    static final int ARTISTS = 1_500;
    static final int AUDIO_SHOWS = 40;
    static final int VIDEO_SHOWS = 8;
    static final int AUDIOBOOKS = 30;

    private static final String[] SHOW_SUFFIXES = {
        " Podcast", " Show", " Radio", " Hour", " Daily", " Talks", ": The Podcast"
    };

    private final SpotifyItem[] tracks;
    /** Index of each artist's first track; one more entry than artists, for the end. */
    private final int[] artistFirstTrack;
    /** For each track, the index one past the last track of its album. */
    private final int[] albumEnd;
    private final SpotifyItem[][] audioShows;
    private final SpotifyItem[][] videoShows;
    private final SpotifyItem[][] audiobooks;

    private SpotifyCatalogue(
            List<SpotifyItem> tracks,
            int[] artistFirstTrack,
            int[] albumEnd,
            SpotifyItem[][] audioShows,
            SpotifyItem[][] videoShows,
            SpotifyItem[][] audiobooks) {
        this.tracks = tracks.toArray(new SpotifyItem[0]);
        this.artistFirstTrack = artistFirstTrack;
        this.albumEnd = albumEnd;
        this.audioShows = audioShows;
        this.videoShows = videoShows;
        this.audiobooks = audiobooks;
    }

    /** Invents the catalogue; the same random stream gives the same catalogue. */
    static SpotifyCatalogue generate(SplittableRandom random, MusicNames names, SpotifyIds ids) {
        List<SpotifyItem> tracks = new ArrayList<>();
        List<Integer> albumEnds = new ArrayList<>();
        int[] artistFirstTrack = new int[ARTISTS + 1];
        Set<String> artistNames = new HashSet<>(); // looked up only
        for (int artist = 0; artist < ARTISTS; artist++) {
            artistFirstTrack[artist] = tracks.size();
            String artistName = names.uniqueArtist(artistNames, random);
            int albums = 1 + (int) (random.nextDouble() * random.nextDouble() * 6);
            for (int album = 0; album < albums; album++) {
                int size = albumSize(random);
                String albumName = size == 1 ? null : names.title(random);
                for (int i = 0; i < size; i++) {
                    String name = names.title(random);
                    long durationMs = (SongCatalog.durationUnits(random) + 50) / 100;
                    tracks.add(
                            new SpotifyItem(
                                    SpotifyItem.Kind.TRACK,
                                    name,
                                    artistName,
                                    albumName == null ? name : albumName, // a single is its own album
                                    ids.uri("track", random),
                                    null,
                                    durationMs));
                }
                for (int i = 0; i < size; i++) {
                    albumEnds.add(tracks.size());
                }
            }
        }
        artistFirstTrack[ARTISTS] = tracks.size();
        int[] albumEnd = albumEnds.stream().mapToInt(Integer::intValue).toArray();
        SpotifyItem[][] audioShows = new SpotifyItem[AUDIO_SHOWS][];
        for (int i = 0; i < AUDIO_SHOWS; i++) {
            audioShows[i] = show(SpotifyItem.Kind.EPISODE, 15, 100, random, names, ids);
        }
        SpotifyItem[][] videoShows = new SpotifyItem[VIDEO_SHOWS][];
        for (int i = 0; i < VIDEO_SHOWS; i++) {
            videoShows[i] = show(SpotifyItem.Kind.VIDEO, 8, 60, random, names, ids);
        }
        SpotifyItem[][] audiobooks = new SpotifyItem[AUDIOBOOKS][];
        for (int i = 0; i < AUDIOBOOKS; i++) {
            audiobooks[i] = audiobook(random, names, ids);
        }
        return new SpotifyCatalogue(
                tracks, artistFirstTrack, albumEnd, audioShows, videoShows, audiobooks);
    }

    int artists() {
        return ARTISTS;
    }

    /**
     * A track of {@code artist}, its first tracks (the hits) likelier than the others.
     *
     * @return an index for {@link #track(int)}
     */
    int pickTrack(int artist, SplittableRandom random) {
        int first = artistFirstTrack[artist];
        int count = artistFirstTrack[artist + 1] - first;
        double u = random.nextDouble();
        return first + (int) (count * u * u);
    }

    SpotifyItem track(int index) {
        return tracks[index];
    }

    /** The track after {@code index} on the same album, or -1 after the album's last track. */
    int nextOnAlbum(int index) {
        return index + 1 < albumEnd[index] ? index + 1 : -1;
    }

    int audioShows() {
        return audioShows.length;
    }

    int videoShows() {
        return videoShows.length;
    }

    int audiobooks() {
        return audiobooks.length;
    }

    /** Episodes of audio show {@code show}, oldest first. */
    SpotifyItem[] audioShow(int show) {
        return audioShows[show];
    }

    /** Episodes of video show {@code show}, oldest first. */
    SpotifyItem[] videoShow(int show) {
        return videoShows[show];
    }

    /** Chapters of audiobook {@code book}, in order. */
    SpotifyItem[] audiobook(int book) {
        return audiobooks[book];
    }

    /** 35% singles, 15% EPs of 3 to 6 tracks, 50% albums of 8 to 15. */
    private static int albumSize(SplittableRandom random) {
        double u = random.nextDouble();
        if (u < 0.35) {
            return 1;
        }
        return u < 0.50 ? 3 + random.nextInt(4) : 8 + random.nextInt(8);
    }

    private static SpotifyItem[] show(
            SpotifyItem.Kind kind,
            int shortestMinutes,
            int longestMinutes,
            SplittableRandom random,
            MusicNames names,
            SpotifyIds ids) {
        String show =
                random.nextInt(4) == 0
                        ? "The " + names.person(random) + " Show"
                        : names.title(random) + SHOW_SUFFIXES[random.nextInt(SHOW_SUFFIXES.length)];
        int style = random.nextInt(3);
        SpotifyItem[] episodes = new SpotifyItem[20 + random.nextInt(131)];
        for (int i = 0; i < episodes.length; i++) {
            String title = names.title(random);
            String name =
                    switch (style) {
                        case 0 -> "#" + (i + 1) + " - " + title;
                        case 1 -> "Ep. " + (i + 1) + ": " + title;
                        default -> title;
                    };
            long minutes = shortestMinutes + random.nextInt(longestMinutes - shortestMinutes + 1);
            long durationMs = minutes * 60_000 + random.nextInt(60_000);
            String uri = ids.uri("episode", random);
            episodes[i] = new SpotifyItem(kind, name, show, show, uri, null, durationMs);
        }
        return episodes;
    }

    private static SpotifyItem[] audiobook(SplittableRandom random, MusicNames names, SpotifyIds ids) {
        String title = names.title(random);
        String author = names.person(random);
        String bookUri = ids.uri("audiobook", random);
        SpotifyItem[] chapters = new SpotifyItem[10 + random.nextInt(31)];
        for (int i = 0; i < chapters.length; i++) {
            boolean credits = i == 0 || i == chapters.length - 1;
            String name = i == 0 ? "Opening Credits" : credits ? "End Credits" : "Chapter " + i;
            long durationMs = credits
                    ? 20_000 + random.nextInt(40_000)
                    : (5 + random.nextInt(36)) * 60_000L + random.nextInt(60_000);
            String uri = ids.uri("chapter", random);
            chapters[i] = new SpotifyItem(SpotifyItem.Kind.CHAPTER, name, author, title, uri, bookUri, durationMs);
        }
        return chapters;
    }
}
