package soundstage.generate;

/**
 * An artist of the catalogue, as its song files describe it.
 *
 * @param id {@code AR} and 16 alphanumerics
 * @param name correct name (a song file may carry a garbled copy, see {@link CatalogSong})
 * @param latitude JSON number text, or null where the public data has {@code null}
 * @param longitude JSON number text, or null together with {@code latitude}
 * @param location place, or the empty string for unknown, as in the public data
 */
record Artist(String id, String name, String latitude, String longitude, String location) {}
