package soundstage.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import soundstage.core.ErrorMessage;
import soundstage.core.LockHolder;
import soundstage.core.LostConnection;
import soundstage.core.ReadPool;
import soundstage.core.UserException;

/**
 * The dashboard: a web app and its JSON API over a warehouse's {@code dashboard} schema and
 * pipeline tables, on the JDK's HTTP server. Read-only by construction: every answer comes from a
 * {@link ReadPool}, whose connections refuse writes, through the fixed queries of
 * {@link Endpoints}.
 *
 * <p>Safe defaults: it binds to the loopback address unless told otherwise, and any other address
 * requires a token (sent as {@code Authorization: Bearer TOKEN}, or once as {@code /?token=TOKEN},
 * which sets a cookie), and without one it answers only requests addressed to the loopback
 * address by name (against DNS rebinding); every response carries security headers (a strict Content-Security-Policy:
 * the page's scripts, styles and chart library come from this server only); errors are one line
 * of JSON and never carry a stack trace or SQL, which go to the server's log instead.
 */
public final class DashboardServer implements AutoCloseable {
    /** How many requests are answered at once; more wait in line. */
    static final int THREADS = 16;
    private static final String COOKIE = "soundstage_token";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, String> STATIC_TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml",
            "chart.umd.min.js", "text/javascript; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService executor;
    private final ReadPool pool;
    private final Endpoints endpoints;
    private final AnswerCache cache;
    private final Optional<String> token;
    private final Consumer<String> log;
    private final String chartJs;

    /**
     * How to serve.
     *
     * @param bind the address to listen on: 127.0.0.1 by default
     * @param port the port; 0 picks a free one
     * @param token the token clients must send; required unless {@code bind} is a loopback address
     */
    public record Settings(String bind, int port, Optional<String> token) {
        public static final String LOOPBACK = "127.0.0.1";
        public static final int PORT = 8080;
    }

    private DashboardServer(HttpServer server, ExecutorService executor, ReadPool pool, Settings settings, Consumer<String> log) {
        this.server = server;
        this.executor = executor;
        this.pool = pool;
        this.endpoints = new Endpoints(() -> {
            try {
                return pool.writerAtWork();
            } catch (SQLException | RuntimeException e) {
                return true;   // cannot tell: the runs are shown as recorded
            }
        });
        this.cache = new AnswerCache();
        this.token = settings.token().filter(value -> !value.isEmpty());
        this.log = log;
        this.chartJs = "META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js";
    }

    /**
     * Starts serving {@code pool} as {@code settings} say; {@code log} receives one line per
     * failed request (with the reason, which clients do not see).
     *
     * @throws UserException when the address is not one of this machine's, the port is taken, or
     *     a non-loopback address is asked for without a token
     */
    public static DashboardServer start(ReadPool pool, Settings settings, Consumer<String> log) {
        InetAddress address = allowedAddress(settings);
        // Answers are written as headers, then body: without TCP_NODELAY, Nagle's algorithm holds
        // the body until the client's delayed ACK (40 ms on Linux), which measured as 44 ms for every
        // answer. Read once, when the JDK's server first starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // A client that sends its request, or reads its answer, slower than this is cut off, so a
        // few slow clients cannot hold every request thread.
        System.setProperty("sun.net.httpserver.maxReqTime", "30");
        System.setProperty("sun.net.httpserver.maxRspTime", "60");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, settings.port()), 64);
        } catch (IOException e) {
            throw cannotServe(settings, e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "dashboard-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        DashboardServer dashboard = new DashboardServer(server, executor, pool, settings, log);
        server.createContext("/", dashboard::handle);
        server.setExecutor(executor);
        server.start();
        return dashboard;
    }

    /**
     * Refuses {@code settings} it could not serve with (the checks of {@link #start}, and whether
     * the port can be had), before the caller does any work for it: a refused serve used to have
     * made the warehouse's readers' snapshot first, which every later write then kept up to date.
     *
     * @throws UserException as {@link #start} does
     */
    public static void check(Settings settings) {
        InetAddress address = allowedAddress(settings);
        try (ServerSocket probe = new ServerSocket()) {   // port 0 too: an address not of this machine fails there
            probe.bind(new InetSocketAddress(address, settings.port()));
        } catch (IOException e) {
            throw cannotServe(settings, e);
        }
    }

    /** The address of {@code settings}, which must be one and, unless a loopback address, come with a token. */
    private static InetAddress allowedAddress(Settings settings) {
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.bind());
        } catch (UnknownHostException e) {
            throw new UserException("Cannot bind the dashboard to '" + settings.bind() + "': no such address. Give --bind an address of this machine, such as 127.0.0.1"
                    + (settings.bind().matches(".*:\\d+") ? ", and the port with --port" : "") + ".");
        }
        boolean tokenGiven = settings.token().filter(value -> !value.isEmpty()).isPresent();
        if (!address.isLoopbackAddress() && !tokenGiven) {
            throw new UserException("Binding the dashboard to " + settings.bind() + " lets other machines read the warehouse: give a token with --token "
                    + "(or SOUNDSTAGE_TOKEN) that clients must send, or bind to 127.0.0.1.");
        }
        return address;
    }

    private static UserException cannotServe(Settings settings, IOException e) {
        if (e instanceof BindException) {
            String message = String.valueOf(e.getMessage());
            String advice = message.contains("Permission denied") ? ". Ports below 1024 need root: give another with --port, such as 8080 (0 picks a free one)."
                    : message.contains("Cannot assign requested address") ? ". That address is not one of this machine's: give --bind one of its addresses, such as 127.0.0.1 or 0.0.0.0."
                    : ". Stop what uses that port, or give another with --port (0 picks a free one).";
            return new UserException("Cannot serve the dashboard on " + settings.bind() + ":" + settings.port() + ": " + ErrorMessage.clause(e) + advice, e);
        }
        return new UserException("Cannot serve the dashboard on " + settings.bind() + ":" + settings.port() + ": " + ErrorMessage.clause(e) + ".", e);
    }

    /** Where the dashboard is, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        InetSocketAddress address = server.getAddress();
        // Listening on every address (0.0.0.0 or ::), which is no address to open: one of this machine's is.
        String host = listensEverywhere() ? reachableAddress() : address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    /** Whether it listens on every address of this machine ({@code --bind 0.0.0.0} or {@code ::}). */
    public boolean listensEverywhere() {
        return server.getAddress().getAddress().isAnyLocalAddress();
    }

    /** The first IPv4 address of an interface that is up and not the loopback, else this machine's name. */
    public static String reachableAddress() {
        try {
            for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (face.isUp() && !face.isLoopback()) {
                    for (InetAddress address : Collections.list(face.getInetAddresses())) {
                        if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                            return address.getHostAddress();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the interfaces cannot be listed: the machine's name it is
        }
        return LockHolder.thisHost();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            securityHeaders(exchange.getResponseHeaders());
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                error(exchange, 405, "only GET and HEAD are served: the dashboard only reads");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (token.isPresent() ? !authorized(exchange, path) : !loopbackHost(exchange)) {
                return;
            }
            if (path.equals("/") || path.equals("/index.html")) {
                resource(exchange, "soundstage/serve/web/index.html", STATIC_TYPES.get("index.html"));
            } else if (path.startsWith("/static/") && STATIC_TYPES.containsKey(path.substring("/static/".length()))) {
                String name = path.substring("/static/".length());
                resource(exchange, name.equals("chart.umd.min.js") ? chartJs : "soundstage/serve/web/" + name, STATIC_TYPES.get(name));
            } else if (path.equals("/api") || path.equals("/api/")) {
                index(exchange);
            } else if (path.startsWith("/api/")) {
                api(exchange, path.substring("/api/".length()));
            } else {
                error(exchange, 404, "no such page: " + clip(path) + "; the dashboard is at / and the API's index at /api");
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away mid-answer: nothing to tell it.
        } catch (RuntimeException e) {
            log.accept("dashboard: " + exchange.getRequestURI().getRawPath() + " failed: " + ErrorMessage.of(e));
            try {
                error(exchange, 500, "the dashboard could not answer this request; the server's log says why");
            } catch (IOException | RuntimeException ignored) {
                // Headers already sent: the client sees the answer cut short.
            }
        }
    }

    /**
     * Without a token the server answers only requests addressed to this machine by name
     * ({@code Host: 127.0.0.1:PORT}, {@code localhost:PORT}, {@code [::1]:PORT}): a web page elsewhere
     * whose name an attacker points at 127.0.0.1 (DNS rebinding) would otherwise read the API from
     * the user's browser. The port may be any: the name is what rebinding changes, and an SSH
     * tunnel ({@code ssh -L 9000:localhost:8080}) or a proxy that passes the Host header on names
     * the port it listens on (it was refused).
     */
    private boolean loopbackHost(HttpExchange exchange) throws IOException {
        List<String> hosts = exchange.getRequestHeaders().getOrDefault("Host", List.of());
        if (hosts.size() > 1) {   // which one names the server is ambiguous (RFC 9112, 3.2): only the first was checked
            error(exchange, 400, "the request names its host more than once; send one Host header");
            return false;
        }
        String host = hosts.isEmpty() ? null : hosts.get(0).toLowerCase(Locale.ROOT).replaceFirst(":[0-9]{1,5}$", "");
        // The loopback address it listens on, as its URL names it (127.0.0.2 with --bind 127.0.0.2).
        String bound = server.getAddress().getAddress() instanceof java.net.Inet4Address ipv4 && ipv4.isLoopbackAddress() ? ipv4.getHostAddress() : "127.0.0.1";
        if (host != null && List.of("127.0.0.1", "localhost", "[::1]", bound).contains(host)) {
            return true;
        }
        error(exchange, 403, "this dashboard answers requests to 127.0.0.1, localhost or [::1] (on any port) only; serve it with --bind and --token to reach it by another name");
        return false;
    }

    private void api(HttpExchange exchange, String name) throws IOException {
        Optional<Endpoint> found = endpoints.find(name);
        if (found.isEmpty()) {
            error(exchange, 404, "no such endpoint: /api/" + clip(name) + "; GET /api lists them");
            return;
        }
        Endpoint endpoint = found.get();
        try {
            Params params = endpoint.parse(exchange.getRequestURI().getRawQuery());
            // Every parameter is checked here, before a connection is borrowed.
            Endpoint.Answering answering = endpoint.query().apply(params);
            boolean csv = params.csv();
            Answer answer;
            if (endpoint.cacheable()) {
                String version = pool.version();
                String key = AnswerCache.key(version, endpoint, params);
                answer = cache.get(key);
                if (answer == null) {
                    answer = pool.read(connection -> answering.on(connection, version, csv));
                    cache.put(key, answer);
                }
            } else {
                answer = pool.read(connection -> answering.on(connection, null, csv));
            }
            Headers headers = exchange.getResponseHeaders();
            headers.set("Cache-Control", "no-store");
            if (csv) {
                headers.set("Content-Disposition", "attachment; filename=\"" + endpoint.name() + ".csv\"");
            }
            send(exchange, 200, answer.contentType(), answer.body());
        } catch (BadRequest e) {
            error(exchange, e.status(), e.getMessage());
        } catch (SQLException | RuntimeException e) {
            if (missingTable(e)) {   // the start said so already, in one line: no line per request
                error(exchange, 503, "the warehouse has no dashboard tables yet: run 'soundstage run' on it, then reload");
                return;
            }
            log.accept("dashboard: /api/" + endpoint.name() + " failed: " + ErrorMessage.of(e));
            if (LostConnection.inOrUnreachable(e)) {   // the server restarting or down, a DuckDB warehouse built again under the server: it passes
                error(exchange, 503, "the warehouse cannot be read right now; the server's log says why; try again in a moment");
                return;
            }
            error(exchange, 500, "the warehouse could not answer /api/" + endpoint.name() + "; the server's log says why");
        }
    }

    /**
     * Whether {@code e} says that a table it read does not exist: the first {@code run} makes the
     * dashboard tables, so a warehouse that has only had files ingested has none.
     */
    static boolean missingTable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("42P01".equals(sql.getSQLState())   // PostgreSQL: undefined_table
                    || String.valueOf(sql.getMessage()).contains("Catalog Error: Table with name"))) {   // DuckDB
                return true;
            }
        }
        return false;
    }

    /** GET /api: every endpoint with what it answers and the parameters it takes. */
    private void index(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayFieldStart("endpoints");
            for (Endpoint endpoint : endpoints.all()) {
                out.writeStartObject();
                out.writeStringField("path", "/api/" + endpoint.name());
                out.writeStringField("description", endpoint.description());
                out.writeArrayFieldStart("params");
                for (String param : new TreeSet<>(endpoint.params())) {
                    out.writeString(param);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, "application/json; charset=utf-8", bytes.toByteArray());
    }

    /**
     * Whether the request carries the token. A browser may bring it once as {@code ?token=} on
     * the page: it then gets it as a cookie (HttpOnly, SameSite=Lax) and is sent to the page
     * without it, so the token does not stay in the address bar or the history.
     */
    private boolean authorized(HttpExchange exchange, String path) throws IOException {
        String expected = token.orElseThrow();
        Headers request = exchange.getRequestHeaders();
        String header = request.getFirst("Authorization");
        // The scheme's name is case-insensitive (RFC 9110, 11.1).
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length()) && same(header.substring("Bearer ".length()).strip(), expected)) {
            return true;
        }
        for (String cookies : request.getOrDefault("Cookie", List.of())) {
            for (String cookie : cookies.split(";")) {
                String pair = cookie.strip();
                if (pair.startsWith(COOKIE + "=") && same(pair.substring(COOKIE.length() + 1), expected)) {
                    return true;
                }
            }
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (path.equals("/") && query != null && query.startsWith("token=") && same(decoded(query.substring("token=".length())), expected)) {
            Headers response = exchange.getResponseHeaders();
            // Lax, not Strict: the redirect that follows a link from elsewhere must carry it. The app only reads.
            response.add("Set-Cookie", COOKIE + "=" + expected + "; Path=/; HttpOnly; SameSite=Lax");
            response.set("Location", "/");
            send(exchange, 303, "text/plain; charset=utf-8", new byte[0]);
            return false;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");   // the scheme it takes (RFC 9110, 15.5.2)
        error(exchange, 401, "this dashboard needs its token: send 'Authorization: Bearer TOKEN', or open /?token=TOKEN once in a browser");
        return false;
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void securityHeaders(Headers headers) {
        headers.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    private void resource(HttpExchange exchange, String resource, String type) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                log.accept("dashboard: resource " + resource + " is missing from the jar");
                error(exchange, 500, "the dashboard's files are missing from this build");
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("error", message);
            out.writeEndObject();
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json; charset=utf-8", bytes.toByteArray());
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String clip(String text) {
        return Params.clip(text, 60);
    }

    private static String chartJsVersion() {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "missing");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops answering (waiting at most a second for answers under way) and stops the request threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
