package soundstage.generate;

/**
 * The pages of the Sparkify app, each with the HTTP method and status the public logs give it.
 *
 * <p>Status is 200 except 307 (redirect) for Logout, the Submit pages, and Login and Save Settings
 * as in the public logs, and 404 for Error. Method is PUT for pages that change something
 * (NextSong, Login, Logout, Submit*, Save Settings, Thumbs*, Add*), GET for pages that only show
 * something.
 */
enum Page {
    NEXT_SONG("NextSong", "PUT", 200),
    HOME("Home", "GET", 200),
    LOGIN("Login", "PUT", 307),
    LOGOUT("Logout", "PUT", 307),
    THUMBS_UP("Thumbs Up", "PUT", 200),
    THUMBS_DOWN("Thumbs Down", "PUT", 200),
    ADD_TO_PLAYLIST("Add to Playlist", "PUT", 200),
    ADD_FRIEND("Add Friend", "PUT", 200),
    ROLL_ADVERT("Roll Advert", "GET", 200),
    UPGRADE("Upgrade", "GET", 200),
    SUBMIT_UPGRADE("Submit Upgrade", "PUT", 307),
    DOWNGRADE("Downgrade", "GET", 200),
    SUBMIT_DOWNGRADE("Submit Downgrade", "PUT", 307),
    SETTINGS("Settings", "GET", 200),
    SAVE_SETTINGS("Save Settings", "PUT", 307),
    HELP("Help", "GET", 200),
    ABOUT("About", "GET", 200),
    ERROR("Error", "GET", 404);

    private final String label;
    private final String method;
    private final int status;

    Page(String label, String method, int status) {
        this.label = label;
        this.method = method;
        this.status = status;
    }

    /** The {@code page} value, e.g. {@code "NextSong"}. */
    String label() {
        return label;
    }

    String method() {
        return method;
    }

    int status() {
        return status;
    }
}
