package soundstage.core;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who holds a warehouse's writer lock: the command, its process and host, and since when. Each
 * dialect stores it where another process can read it (a DuckDB warehouse in its lock file, a
 * PostgreSQL one in the holder's {@code application_name}), so a refused writer can name it.
 *
 * @param command what runs, e.g. {@code soundstage run}
 * @param pid the holder's process id on {@code host}; 0 when unknown
 * @param host the host name the holder runs on; empty when unknown
 * @param since when the holder took the lock; null when unknown
 * @param machine the {@link ProcessMark#machine() mark} of the holder's machine and PID namespace; empty when unknown
 */
public record LockHolder(String command, long pid, String host, Instant since, String machine) {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public LockHolder {
        requireNonNull(command, "command is null");
        requireNonNull(host, "host is null");
        requireNonNull(machine, "machine is null");
    }

    /** A holder whose machine is not known (not a Soundstage process, or one that did not say). */
    public LockHolder(String command, long pid, String host, Instant since) {
        this(command, pid, host, since, "");
    }

    /** This process, running {@code command}, from now. */
    public static LockHolder thisProcess(String command) {
        return new LockHolder(command, ProcessHandle.current().pid(), thisHost(), Instant.now().truncatedTo(ChronoUnit.SECONDS), ProcessMark.machine());
    }

    /** The name of this host, as holders record it. */
    public static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "" : fromEnvironment;
        }
    }

    /** For messages: {@code soundstage run (pid 4242 on etl-1, since 2026-05-01 02:00:13 UTC)}. */
    public String describe() {
        StringBuilder text = new StringBuilder(command);
        String pidAndHost = (pid > 0 ? "pid " + pid : "") + (host.isEmpty() ? "" : (pid > 0 ? " on " : "on ") + host);
        String sinceText = since == null ? "" : "since " + SHOWN.format(since);
        if (!pidAndHost.isEmpty() || !sinceText.isEmpty()) {
            text.append(" (").append(pidAndHost).append(!pidAndHost.isEmpty() && !sinceText.isEmpty() ? ", " : "").append(sinceText).append(')');
        }
        return text.toString();
    }

    /**
     * Whether the holder's process is known to have ended: it ran on this host (its host name is
     * this host's), in this PID namespace and boot (its {@link ProcessMark} is this process's, or
     * neither has one), and no process with its pid is alive, or the one alive started after the lock
     * was taken (the pid was reused). A holder on another machine, or in another container of this
     * one (where its pid names another process, or none), is never known to have ended; nor is one
     * that did not say its machine (an older version), unless this process cannot tell its own.
     */
    public boolean endedOnThisHost() {
        // The host too, where the holder says it: a mark is only 32 bits.
        boolean sameHost = host.isEmpty() ? !machine.isEmpty() : namesThisHost();
        boolean here = sameHost && (machine.isEmpty() ? ProcessMark.machine().isEmpty() && !host.isEmpty() : machine.equals(ProcessMark.machine()));
        if (pid <= 0 || !here) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return since != null && started.isPresent() && started.get().isAfter(since.plusSeconds(1));
    }

    /**
     * Whether the holder says it runs on a machine of this host's name that is not this process's
     * machine and PID namespace (its mark differs): another container of this host, or this machine
     * before it restarted. Whether it still runs cannot be told from here.
     */
    public boolean elsewhereOnThisHostName() {
        return !host.isEmpty() && namesThisHost() && !machine.isEmpty() && !machine.equals(ProcessMark.machine());
    }

    /** Whether the holder's host name is this host's (or the start of it, as a PostgreSQL session's name may cut it). */
    private boolean namesThisHost() {
        return thisHost().startsWith(host);
    }

    /** As text for a lock file, one {@code key=value} a line; read back by {@link #parse(String)}. */
    public String toText() {
        return "command=" + command.replace('\n', ' ') + "\npid=" + pid + "\nhost=" + host + "\nsince=" + (since == null ? "" : since) + "\nmachine=" + machine + "\n";
    }

    /** A holder written by {@link #toText()}; empty when {@code text} is empty or not one (e.g. half written). Older versions wrote no machine: then it is empty. */
    public static Optional<LockHolder> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        if (!values.keySet().containsAll(java.util.List.of("command", "pid", "host", "since"))) {
            return Optional.empty();
        }
        try {
            String since = values.get("since");
            return Optional.of(new LockHolder(values.get("command"), Long.parseLong(values.get("pid")), values.get("host"),
                    since.isEmpty() ? null : Instant.parse(since), values.getOrDefault("machine", "")));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
