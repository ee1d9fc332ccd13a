package soundstage.generate;

import java.util.SplittableRandom;

/** Chooses the song of each {@code NextSong} event. */
final class Jukebox {

    /**
     * Share of plays that pick a catalogue song; the rest play {@link OffCatalogSongs}. In the public
     * data most plays have no song file, which is what makes the songplays join interesting.
     */
    static final double CATALOGUE_SHARE = 0.60;

    private final SongCatalog catalogue;
    private final OffCatalogSongs offCatalogue;

    Jukebox(SongCatalog catalogue, OffCatalogSongs offCatalogue) {
        this.catalogue = catalogue;
        this.offCatalogue = offCatalogue;
    }

    /** The next song played. */
    Play next(SplittableRandom random) {
        if (random.nextDouble() < CATALOGUE_SHARE) {
            return catalogue.pick(random).play();
        }
        return offCatalogue.pick(random);
    }
}
