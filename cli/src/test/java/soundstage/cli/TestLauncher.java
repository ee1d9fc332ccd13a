package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code ./soundstage}), run as users run it, with a stand-in jar that
 * prints what it was given ({@link PrintArguments}); and the environment it gives the tool.
 */
class TestLauncher {
    private static final Path LAUNCHER = Path.of("..", "soundstage").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /**
     * Under a locale that is not UTF-8 (LANG=C: cron, systemd units, slim images) Java read
     * "Jürgen" from the command line as "J??rgen", and stored it so; and a launcher called through
     * a symbolic link took the link's folder for the checkout.
     */
    @Test
    void argumentsReachTheJarWholeUnderTheCLocaleAndThroughASymbolicLink() throws Exception {
        Path jar = standInJar();
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("bin")).resolve("soundstage"), LAUNCHER);
        Path temp = Files.createDirectories(dir.resolve("temp"));
        for (Path script : List.of(LAUNCHER, link)) {
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "Jürgen Müller", "Björk ✓").directory(dir.toFile());
            builder.environment().put("SOUNDSTAGE_JAR", jar.toString());
            builder.environment().put("LC_ALL", "C");
            builder.environment().remove("LANG");
            builder.environment().put("TMPDIR", temp.toString());
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(err).isZero();
            assertThat(err).as("nothing on standard error").isEmpty();
            assertThat(out.lines()).as("run as %s", script).containsExactly("launcher=" + LAUNCHER, "tmpdir=" + temp, "Jürgen Müller", "Björk ✓");
        }
    }

    /**
     * DuckDB's driver unpacks its native library into the temporary folder: one it cannot use
     * (mounted noexec, full, read-only, missing) ended every command with Java's stack trace.
     */
    @Test
    void aTemporaryFolderDuckDbCannotUseIsOneLineSayingWhatToDo() throws Exception {
        Path missing = dir.resolve("no-such-folder");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + missing,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "ingest", "sparkify-songs", dir.toString(), "-w", dir.resolve("w.duckdb").toString()).redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isEqualTo(2);
        assertThat(out.lines()).singleElement().asString()
                .startsWith("soundstage: DuckDB's native library could not be loaded from the temporary folder " + missing + " (")
                .endsWith("set TMPDIR to one (./soundstage passes it on as java.io.tmpdir).");
    }

    /** The Java of JAVA_HOME, as Maven takes it (the launcher ran only the one on the PATH, and failed without one). */
    @Test
    void theJavaOfJavaHomeRunsTheJar() throws Exception {
        Path home = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = Files.writeString(home.resolve("java"), "#!/bin/sh\n[ \"$1\" = --list-modules ] && exit 0\necho \"the JAVA_HOME java: $*\"\n");
        java.toFile().setExecutable(true);
        ProcessBuilder builder = new ProcessBuilder("bash", LAUNCHER.toString(), "status").directory(dir.toFile());
        builder.environment().put("SOUNDSTAGE_JAR", dir.resolve("any.jar").toString());
        builder.environment().put("JAVA_HOME", home.getParent().toString());
        assertThat(launch(builder)).startsWith("the JAVA_HOME java: -Xmx512m -Xms32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseParallelGC ")
                .endsWith(" -jar " + dir.resolve("any.jar") + " status\n");
        // A heap size of the user's own: no -Xms of ours, which Java refuses above their -Xmx ("Initial heap size set to a larger value").
        builder.environment().put("SOUNDSTAGE_JAVA_OPTS", "-Xmx24m");
        assertThat(launch(builder)).startsWith("the JAVA_HOME java: -Xmx512m -XX:MinHeapFreeRatio=10 ").contains(" -Xmx24m -jar ").doesNotContain("-Xms");
    }

    private static String launch(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** The demo's last line said ./soundstage even when it ran from another folder, where that is another program or none. */
    @Test
    void theDemoNamesTheLauncherAsItCanBeCalledFromWhereItRan() {
        String saved = System.getProperty("soundstage.launcher");
        try {
            System.setProperty("soundstage.launcher", "/opt/sound stage/soundstage");
            assertThat(DemoCommand.launcher()).isEqualTo(Shell.quote("/opt/sound stage/soundstage"));
            System.setProperty("soundstage.launcher", Path.of("").toAbsolutePath().resolve("soundstage").toString());
            assertThat(DemoCommand.launcher()).isEqualTo("./soundstage");
        } finally {
            if (saved == null) {
                System.clearProperty("soundstage.launcher");
            } else {
                System.setProperty("soundstage.launcher", saved);
            }
        }
    }

    private Path standInJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PrintArguments.class.getName());
        Path jar = Files.createDirectories(dir.resolve("jar")).resolve("stand-in.jar");
        String entry = PrintArguments.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            try (var in = PrintArguments.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }
}
