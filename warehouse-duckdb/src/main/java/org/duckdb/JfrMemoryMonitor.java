package org.duckdb;

/**
 * Stands in for the DuckDB driver's class of this name, which the self-contained jar leaves out
 * (see cli/pom.xml). The driver's own version registers a periodic flight-recorder event for
 * DuckDB's memory as soon as the driver class loads, whenever the JVM has the {@code jdk.jfr}
 * module, which starts the flight recorder's machinery in every command that opens a DuckDB
 * warehouse. Keeping {@code jdk.jfr} out instead ({@code --limit-modules}, as the launcher did)
 * also turned off Java's class-data sharing. This one does nothing; with it and class-data
 * sharing, a command starts 0.1-0.15 s sooner ({@code sql "select 1"} 0.66-0.81 s, now 0.55-0.75 s). No
 * command records DuckDB's memory events, and a recording asked for with
 * {@code SOUNDSTAGE_JAVA_OPTS} still has every other event.
 *
 * <p>The methods are the ones the driver (1.5.6) calls; a driver that calls others fails every
 * connection with {@code NoSuchMethodError}, which any test that opens a warehouse shows.
 */
final class JfrMemoryMonitor {
    private JfrMemoryMonitor() {
    }

    static void init() {
    }

    static void connectionOpened(DuckDBConnection connection) {
    }

    static void connectionClosed(long id) {
    }
}
