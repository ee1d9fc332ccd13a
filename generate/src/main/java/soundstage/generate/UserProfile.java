package soundstage.generate;

/**
 * The fixed facts about a user, written into every logged-in event. The user's level changes
 * over time and is kept by {@link UserPool} instead.
 *
 * @param userId decimal text; events write it as a JSON string, as the public data does
 * @param firstName first name
 * @param lastName last name
 * @param gender {@code "M"} or {@code "F"}
 * @param location metro area, e.g. {@code "Atlanta-Sandy Springs-Roswell, GA"}
 * @param userAgent browser string as written, quotes included when the public data has them
 * @param registration epoch milliseconds as JSON number text in Java double notation, e.g. {@code
 *     1.541016707796E12}
 */
record UserProfile(
        String userId,
        String firstName,
        String lastName,
        String gender,
        String location,
        String userAgent,
        String registration) {}
