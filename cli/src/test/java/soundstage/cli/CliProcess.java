package soundstage.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the command line (or another main class of the tests) as a separate JVM, for tests that kill it or run beside it. */
final class CliProcess {
    private CliProcess() {
    }

    /** {@code soundstage ARGS...} in a new JVM; standard output and error go to {@code log}. */
    static Process start(Path log, Object... args) throws IOException {
        return start(Main.class, log, args);
    }

    /** As {@link #start(Path, Object...)}, with {@code environment} added to this process's. */
    static Process start(Map<String, String> environment, Path log, Object... args) throws IOException {
        return start(Main.class, environment, log, args);
    }

    /** {@code main} of this class path with {@code args} in a new JVM; standard output and error go to {@code log}. */
    static Process start(Class<?> main, Path log, Object... args) throws IOException {
        return start(main, Map.of(), log, args);
    }

    private static Process start(Class<?> main, Map<String, String> environment, Path log, Object... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), main.getName()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }
}
