package soundstage.generate;

import java.io.IOException;

/** Receives events in the order they are to be written. */
@FunctionalInterface
interface EventSink {
    void accept(Event event) throws IOException;
}
