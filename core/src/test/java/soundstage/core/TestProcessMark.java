package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A process id means something only in its PID namespace of one boot of one machine: a lock
 * holder or a temporary file's owner of another container with this host name is never presumed
 * to have ended because its id names no process here.
 */
class TestProcessMark {
    private static final String OTHER_MACHINE = ProcessMark.machine().equals("0badcafe") ? "0badcaff" : "0badcafe";

    @Test
    void onLinuxTheMarkIsEightHexDigitsAndTheTagHoldsThePidAndTheMark() {
        assumeTrue(Files.exists(Path.of("/proc/self/ns/pid")), "not Linux: no PID namespaces to tell apart");
        assertThat(ProcessMark.machine()).matches("[0-9a-f]{8}");
        assertThat(ProcessMark.tag()).isEqualTo(ProcessHandle.current().pid() + "." + ProcessMark.machine());
    }

    @Test
    void onlyAProcessOfThisMachineAndNamespaceThatIsGoneIsKnownToHaveEnded() throws Exception {
        long gone = endedProcess();
        String mark = ProcessMark.machine().isEmpty() ? "" : "." + ProcessMark.machine();
        assertThat(ProcessMark.endedHere(gone + mark)).isTrue();
        assertThat(ProcessMark.endedHere(ProcessMark.tag())).as("this process").isFalse();
        assertThat(ProcessMark.endedHere(gone + "." + OTHER_MACHINE)).as("another namespace's").isFalse();
        assertThat(ProcessMark.endedHere(String.valueOf(gone))).as("no mark: an older version's, unless this system has none")
                .isEqualTo(ProcessMark.machine().isEmpty());
        assertThat(ProcessMark.endedHere("")).isFalse();
        assertThat(ProcessMark.endedHere("12x")).isFalse();
        assertThat(ProcessMark.endedHere(gone + ".XYZ")).isFalse();
    }

    @Test
    void aLockHolderOfAnotherNamespaceOrOfUnknownNamespaceIsNeverKnownToHaveEnded() throws Exception {
        long gone = endedProcess();
        Instant since = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String host = LockHolder.thisHost();
        assertThat(new LockHolder("soundstage run", gone, host, since, ProcessMark.machine()).endedOnThisHost()).isTrue();
        assertThat(new LockHolder("soundstage run", gone, "another-host", since, ProcessMark.machine()).endedOnThisHost())
                .as("the same mark on another host (32 bits may meet)").isFalse();
        assertThat(new LockHolder("soundstage run", gone, host.substring(0, Math.max(1, host.length() - 1)), since, ProcessMark.machine()).endedOnThisHost())
                .as("a host name cut (PostgreSQL keeps 63 bytes of a session's name)").isTrue();
        assertThat(new LockHolder("soundstage run", gone, host, since, OTHER_MACHINE).endedOnThisHost()).isFalse();
        assertThat(new LockHolder("soundstage run", gone, host, since).endedOnThisHost()).isEqualTo(ProcessMark.machine().isEmpty());
        assertThat(LockHolder.thisProcess("soundstage run").endedOnThisHost()).isFalse();
        assertThat(new LockHolder("soundstage run", ProcessHandle.current().pid(), host, Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS),
                ProcessMark.machine()).endedOnThisHost()).as("its pid now names a process that started before it took the lock: still it").isFalse();
        assertThat(new LockHolder("soundstage run", ProcessHandle.current().pid(), host, Instant.parse("2000-01-01T00:00:00Z"), ProcessMark.machine())
                .endedOnThisHost()).as("its pid was reused by a process that started after it took the lock").isTrue();
    }

    @Test
    void aLockFileSaysTheHoldersMarkAndOneOfAnOlderVersionHasNone() {
        LockHolder holder = LockHolder.thisProcess("soundstage ingest");
        assertThat(LockHolder.parse(holder.toText())).contains(holder);
        assertThat(LockHolder.parse("command=soundstage run\npid=42\nhost=etl-1\nsince=2026-05-01T02:00:13Z\n"))
                .contains(new LockHolder("soundstage run", 42, "etl-1", Instant.parse("2026-05-01T02:00:13Z"), ""));
    }

    @Test
    void anotherProcessInThisNamespaceHasThisMarkAndOneInANewPidNamespaceHasAnother() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/ns/pid")), "not Linux: no PID namespaces to tell apart");
        assertThat(markOf(List.of())).isEqualTo(ProcessMark.machine());
        List<String> unshare = List.of("unshare", "--pid", "--fork", "--mount-proc");
        assumeTrue(works(unshare), "unshare --pid cannot make a PID namespace here (it needs root or user namespaces): the mark of another one is not compared");
        assertThat(markOf(unshare)).matches("[0-9a-f]{8}").isNotEqualTo(ProcessMark.machine());
    }

    private static long endedProcess() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    private static boolean works(List<String> prefix) {
        List<String> command = new ArrayList<>(prefix);
        command.add("true");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String markOf(List<String> prefix) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                PrintProcessMark.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
