package soundstage.generate;

import java.io.IOException;

/** Receives plays in time order. */
@FunctionalInterface
interface PlaySink {
    void accept(SpotifyPlay play) throws IOException;
}
