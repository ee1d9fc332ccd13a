package soundstage.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which process of which machine. A process id means something only inside its PID namespace (a
 * container has its own) during one boot of one machine, and two of those may share a host name:
 * containers on the host's network, machines cloned from one image. A process id seen from another
 * namespace names another process, or none, so "no such process here" does not mean it ended. A
 * process that leaves something for others to judge (a lock's holder, a temporary file's owner)
 * therefore records, beside its id, this machine's mark: a hash of the boot id and the PID
 * namespace. Only a process with the same mark may conclude that it ended.
 *
 * <p>Where the system tells neither (not Linux), the mark is empty, and processes that both have
 * an empty mark are taken to share one machine, as a host name then says.
 */
public final class ProcessMark {
    private static final String MACHINE = readMachine();
    private static final Pattern TAG = Pattern.compile("([0-9]{1,18})(?:\\.([0-9a-f]{8}))?");

    private ProcessMark() {
    }

    /** This machine's mark: 8 hex digits from its boot id and this process's PID namespace; empty when the system tells neither. */
    public static String machine() {
        return MACHINE;
    }

    /** This process's tag, for names of files others judge: {@code PID.MARK} ({@code PID} alone where the mark is empty). */
    public static String tag() {
        return tagOf(ProcessHandle.current().pid());
    }

    /** The tag of process {@code pid} of this machine and PID namespace. */
    public static String tagOf(long pid) {
        return MACHINE.isEmpty() ? String.valueOf(pid) : pid + "." + MACHINE;
    }

    /**
     * Whether the process that {@code tag} ({@link #tag()}) names is known to have ended: it has
     * this machine's mark and no process with its id runs. A tag of another machine or namespace,
     * or one that is not a tag (older versions wrote the process id alone), is never known to have ended.
     */
    public static boolean endedHere(String tag) {
        Matcher matcher = TAG.matcher(tag);
        if (!matcher.matches() || !MACHINE.equals(matcher.group(2) == null ? "" : matcher.group(2))) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(matcher.group(1))).map(process -> !process.isAlive()).orElse(true);
    }

    private static String readMachine() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), UTF_8).trim();
            String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((boot + " " + namespace).getBytes(UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (IOException | UnsupportedOperationException | SecurityException | NoSuchAlgorithmException unknown) {
            return "";
        }
    }
}
