package soundstage.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A device a listener plays on, read from {@code spotify-devices.tsv}.
 *
 * @param kind phone, tablet, desktop app, web player or connected speaker
 * @param platform the extended history's {@code platform}, e.g. {@code "iOS 16.1 (iPhone14,2)"}
 * @param userAgent the extended history's {@code user_agent_decrypted}; {@code "unknown"} for
 *     desktop apps and speakers, as in real exports
 */
record SpotifyDevice(Kind kind, String platform, String userAgent) {

    enum Kind {
        PHONE,
        TABLET,
        DESKTOP,
        WEB,
        SPEAKER
    }

    /** Whether it can play downloaded music without a connection. */
    boolean canGoOffline() {
        return kind == Kind.PHONE || kind == Kind.TABLET;
    }

    /** Every device of the resource, in file order. */
    static List<SpotifyDevice> load() {
        List<SpotifyDevice> devices = new ArrayList<>();
        for (String line : WordList.load("spotify-devices.tsv").words()) {
            String[] fields = line.split("\t");
            devices.add(new SpotifyDevice(Kind.valueOf(fields[0]), fields[1], fields[2]));
        }
        return devices;
    }
}
