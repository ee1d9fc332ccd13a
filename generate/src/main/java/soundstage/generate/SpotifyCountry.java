package soundstage.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A country listeners live in or travel to, with the one place the oldest extended history's
 * geography fields name; read from {@code spotify-countries.tsv}.
 *
 * @param code ISO 3166 code, the exports' {@code country} and {@code conn_country}
 * @param utcOffsetHours standard time's offset from UTC; decides when a listening day starts
 * @param city {@code city}
 * @param region {@code region}
 * @param metroCode {@code metro_code} as JSON number text, or null outside the US
 * @param latitude {@code latitude} as JSON number text
 * @param longitude {@code longitude} as JSON number text
 */
record SpotifyCountry(
        String code,
        int utcOffsetHours,
        String city,
        String region,
        String metroCode,
        String latitude,
        String longitude) {

    /** How many of the first countries of the resource are home countries. */
    static final int HOME_COUNTRIES = 8;

    /** Every country of the resource, in file order. */
    static List<SpotifyCountry> load() {
        List<SpotifyCountry> countries = new ArrayList<>();
        for (String line : WordList.load("spotify-countries.tsv").words()) {
            String[] f = line.split("\t", -1);
            String metroCode = f[4].isEmpty() ? null : f[4];
            countries.add(new SpotifyCountry(f[0], Integer.parseInt(f[1]), f[2], f[3], metroCode, f[5], f[6]));
        }
        return countries;
    }
}
