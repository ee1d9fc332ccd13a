package soundstage.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Places artists come from, with coordinates, read from {@code artist-locations.tsv}.
 *
 * <p>Reproduces the gaps of the public song files: about 40% of artists have an empty {@code
 * artist_location} and about 60% have null coordinates.
 */
final class ArtistPlaces {

    /** Share of artists whose location is the empty string (unknown). */
    static final double EMPTY_LOCATION_RATE = 0.40;

    /**
     * Share of artists with a known location but no coordinates. Artists without a location never
     * have coordinates, so null coordinates overall come to 0.4 + 0.6 / 3 = 60%.
     */
    private static final double NO_COORDINATES_GIVEN_LOCATION = 1.0 / 3.0;

    /** Coordinates are moved by up to this many hundred-thousandths of a degree (about 5 km). */
    private static final int JITTER_UNITS = 5_000;

    private record Place(String name, long latitude, long longitude) {}

    private final List<Place> places = new ArrayList<>();

    ArtistPlaces() {
        for (String line : WordList.load("artist-locations.tsv").words()) {
            String[] fields = line.split("\t");
            places.add(
                    new Place(
                            fields[0],
                            FiveDecimals.units(Double.parseDouble(fields[1])),
                            FiveDecimals.units(Double.parseDouble(fields[2]))));
        }
    }

    /** A new artist called {@code name}, placed at random. */
    Artist newArtist(String id, String name, SplittableRandom random) {
        if (random.nextDouble() < EMPTY_LOCATION_RATE) {
            return new Artist(id, name, null, null, "");
        }
        Place place = places.get(random.nextInt(places.size()));
        if (random.nextDouble() < NO_COORDINATES_GIVEN_LOCATION) {
            return new Artist(id, name, null, null, place.name());
        }
        long latitude = place.latitude() + random.nextInt(-JITTER_UNITS, JITTER_UNITS + 1);
        long longitude = place.longitude() + random.nextInt(-JITTER_UNITS, JITTER_UNITS + 1);
        return new Artist(
                id, name, FiveDecimals.format(latitude), FiveDecimals.format(longitude), place.name());
    }
}
