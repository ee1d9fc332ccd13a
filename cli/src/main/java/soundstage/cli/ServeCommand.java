package soundstage.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.ErrorMessage;
import soundstage.core.ReadPool;
import soundstage.core.UserException;
import soundstage.core.WarehouseFactory;
import soundstage.serve.DashboardServer;
import soundstage.transform.ModelGraph;
import soundstage.transform.ModelRunner;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the dashboard (a web app) and its JSON API over the warehouse's dashboard tables and run history, until stopped (Ctrl-C).",
                "Only reads: keeps answering while a run writes, and shows the new data once it commits."})
final class ServeCommand implements Callable<Integer> {
    /** Reads answered at once (on DuckDB at most one per core); the rest wait for a connection. */
    static final int CONNECTIONS = 8;

    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = DashboardServer.Settings.LOOPBACK, paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Any other address needs --token.")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SOUNDSTAGE_TOKEN}",
            description = "Token clients must send (Authorization: Bearer TOKEN, or /?token=TOKEN once in a browser); at least 16 letters, digits, '-', '_' or '.'. "
                    + "Default: $SOUNDSTAGE_TOKEN (empty: none), which is better: other users of the machine can read a command line.")
    String token;

    /** Refuses a port no socket can have, before any work. */
    static void requirePort(int port) {
        if (port < 0 || port > 65_535) {
            throw new UserException("--port must be between 0 and 65535 (0 picks a free one), got " + port + ".");
        }
    }

    @Override
    public Integer call() throws Exception {
        requirePort(port);
        serve(main.warehouse(), new DashboardServer.Settings(bind, port, Optional.ofNullable(token).filter(given -> !given.isEmpty())), spec);
        return 0;
    }

    /**
     * Says in one line when the dashboard tables were built by another version of Soundstage (or
     * not yet): the charts that read a table of another shape fail until a run rebuilds it.
     */
    private static void warnIfOutdated(ReadPool pool, PrintWriter err) {
        try {
            List<String> outdated = pool.read(connection -> ModelRunner.outdated(connection, ModelGraph.load(pool.dialect())))
                    .stream().filter(model -> model.startsWith("dashboard.")).toList();
            boolean neverRun = !outdated.isEmpty() && pool.read(ModelRunner::neverRun);
            if (neverRun) {
                err.println("soundstage: no run has built the dashboard tables yet: the charts answer 503 until 'soundstage run' has.");
                err.flush();
            } else if (!outdated.isEmpty()) {
                err.println("soundstage: " + outdated.size() + " dashboard table(s) were built by another version of Soundstage or not yet ("
                        + String.join(", ", outdated.subList(0, Math.min(3, outdated.size()))) + (outdated.size() > 3 ? ", ..." : "")
                        + "); charts that read them may fail until 'soundstage run' rebuilds them.");
                err.flush();
            }
        } catch (SQLException e) {
            err.println("soundstage: cannot tell which version built the dashboard tables: " + ErrorMessage.of(e));
        }
    }

    /** Serves the warehouse {@code option} names until the process is stopped. */
    static void serve(WarehouseOption option, DashboardServer.Settings settings, CommandSpec spec) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkToken(settings.token());
        DashboardServer.check(settings);   // before the pool, which makes the readers' snapshot
        ReadPool pool = option.openReadPool(CONNECTIONS);
        DashboardServer server;
        try {
            warnIfOutdated(pool, err);
            server = DashboardServer.start(pool, settings, line -> err.println("soundstage: " + line));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            pool.close();
            stopped.countDown();
        }, "dashboard-shutdown"));
        URI url = server.url();
        boolean everywhere = server.listensEverywhere();
        String notes = (everywhere ? "listening on every address of this machine" : "")
                + (everywhere && settings.token().isPresent() ? "; " : "") + (settings.token().isPresent() ? "send the token" : "");
        out.println("Dashboard of " + pool.address() + " (" + pool.dialect() + "): " + url + (notes.isEmpty() ? "" : " (" + notes + ")"));
        out.println("JSON API: " + url + "api   Stop with Ctrl-C.");
        out.flush();
        stopped.await();
    }

    private static void checkToken(Optional<String> token) {
        if (token.isPresent() && !token.get().matches("[A-Za-z0-9._-]{16,}")) {
            throw new UserException("The dashboard token must be at least 16 letters, digits, '-', '_' or '.'; generate one with: openssl rand -hex 24");
        }
    }
}
