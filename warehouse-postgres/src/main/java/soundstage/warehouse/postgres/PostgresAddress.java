package soundstage.warehouse.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import soundstage.core.UserException;

/**
 * A PostgreSQL warehouse address, as the user gave it: {@code jdbc:postgresql://host:port/db} or
 * the libpq form {@code postgresql://user@host:port/db} (also {@code postgres://}). The password
 * is taken from the address, else {@code PGPASSWORD}, else the driver reads {@code ~/.pgpass}
 * (or {@code PGPASSFILE}). {@link #display()} never shows a password.
 *
 * @param jdbcUrl the URL for the driver, without user or password
 * @param properties user and password (when given), and the driver settings Soundstage needs
 * @param display host, port and database, for messages
 * @param passwordInAddress whether the password came from the address itself
 */
record PostgresAddress(String jdbcUrl, Properties properties, String display, boolean passwordInAddress) {
    private static final String JDBC = "jdbc:postgresql:";

    static boolean looksLikePostgres(String address) {
        return address.startsWith(JDBC) || address.startsWith("postgresql://") || address.startsWith("postgres://");
    }

    /**
     * Parses {@code address}, with {@code environment} standing for the process environment.
     *
     * @throws UserException when it is malformed
     */
    static PostgresAddress parse(String address, Map<String, String> environment) {
        String rest = address.startsWith(JDBC) ? address.substring(JDBC.length()) : address.substring(address.indexOf("://") + 1);
        // With a user part, no part of the address is repeated in a message: a password holding
        // '#', '/', '?' or '@' unencoded ends the user part early, so any part might be the password.
        boolean secret = address.indexOf('@') >= 0;
        if (address.indexOf('@') != address.lastIndexOf('@')) {
            // A password holding '@' unencoded: the first '@' would end the user part, and what
            // follows (part of the password) would be taken for the host, and shown in messages.
            throw malformed("it holds more than one '@'", true);
        }
        for (int at = 0; at < address.length(); at++) {
            char c = address.charAt(at);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                // "Illegal character in path" named neither: a line read from a file with Windows line ends, a space copied with it.
                String what = c == '\r' ? "a carriage return (a line of a file with Windows line endings?)" : c == ' ' ? "a space"
                        : c == '\t' ? "a tab" : c == '\n' ? "a line break" : String.format("the control character U+%04X", (int) c);
                throw malformed("it holds " + what + (at == address.length() - 1 ? " at its end" : at == 0 ? " at its start" : ", character " + (at + 1))
                        + " (remove it; write a space in a user or password as %20)", secret);
            }
        }
        URI uri;
        try {
            uri = new URI("postgresql:" + rest);
        } catch (URISyntaxException e) {
            throw malformed(e.getReason(), secret);
        }
        // libpq's host and port parameters (postgresql:///db?host=db.example&port=6543) name the server as the authority does, and
        // win over it. A jdbc: address keeps the driver's meaning: it has no such parameters (it warns and goes to the address's host).
        boolean libpq = !address.startsWith(JDBC);
        String hostParameter = parameter(uri, "host");
        String portParameter = libpq ? parameter(uri, "port") : null;
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String rawHost = authority.substring(authority.indexOf('@') + 1);
        // libpq's Unix-socket directory, as a parameter or percent-encoded as the host (not decoded: a scoped IPv6 host has a '%')
        if (hostParameter != null && hostParameter.startsWith("/") || rawHost.regionMatches(true, 0, "%2F", 0, 3)) {
            String named = hostParameter != null && hostParameter.startsWith("/") ? hostParameter : decode(rawHost.replaceFirst(":[0-9]*$", ""));
            throw malformed("it names a Unix-socket directory" + (secret ? "" : " (" + named + ")") + ", and Soundstage reaches PostgreSQL over TCP"
                    + " only (its JDBC driver has no Unix sockets): name the server's host instead, localhost for a server on this machine", secret);
        }
        String host = uri.getHost();
        if (libpq && hostParameter != null && !hostParameter.isEmpty()) {
            if (!hostParameter.matches("[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?]?")) {
                throw malformed(secret ? "its host parameter is not a host name or address" : "host=" + hostParameter + " is not a host name or address", secret);
            }
            // an IPv6 address goes in brackets, as in the authority
            host = hostParameter.contains(":") && !hostParameter.startsWith("[") ? "[" + hostParameter + "]" : hostParameter;
        }
        if (host == null || host.isEmpty()) {
            throw malformed(authority.endsWith("@") || authority.isEmpty()
                    ? "it names no host (where libpq would take a Unix socket, Soundstage needs a host: its JDBC driver reaches PostgreSQL over TCP only;"
                            + " localhost for a server on this machine)"
                    : secret ? "what follows the '@' is not a valid HOST:PORT" : "'" + authority + "' is not a valid HOST:PORT", secret);
        }
        int port = uri.getPort();
        if (portParameter != null) {
            port = portParameter.matches("[0-9]{1,5}") ? Integer.parseInt(portParameter) : 0;
        }
        if (port == 0 || port > 65535) {   // the driver would log a warning and then fail to parse it
            throw malformed(secret ? "its port is not a port (1 to 65535)" : "port " + (portParameter != null ? portParameter : port) + " is not a port (1 to 65535)", secret);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw malformed("it names no database (the part after the last '/')", secret);
        }
        Properties properties = new Properties();
        String user = null;
        String password = null;
        // (without a host, as in postgresql://ana@/db?host=..., java.net.URI finds no user part: the authority holds it)
        String userInfo = uri.getRawUserInfo() != null ? uri.getRawUserInfo() : authority.contains("@") ? authority.substring(0, authority.indexOf('@')) : null;
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        StringBuilder query = new StringBuilder();
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                String[] pair = parameter.split("=", 2);
                String key = decode(pair[0]);
                String value = pair.length > 1 ? decode(pair[1]) : "";
                switch (key) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "host", "port" -> {   // taken above, for a libpq address; the driver's own otherwise
                        if (!libpq) {
                            query.append(query.isEmpty() ? "?" : "&").append(parameter);
                        }
                    }
                    default -> {
                        // The driver logs a warning for these (java.util.logging, to stderr) and goes on without them.
                        if (key.equalsIgnoreCase("ApplicationName") || key.equalsIgnoreCase("application_name")) {
                            // It replaced the name the writer lock finds its holder by: a killed writer's lock was never taken over.
                            throw new UserException("Cannot use the PostgreSQL address: its parameter " + key + " is Soundstage's own (each session is named "
                                    + "after the command that opened it, which is how a writer that died is told from one at work). Remove it from the address.");
                        }
                        if (TIMEOUTS.contains(key) && !value.matches("[0-9]{1,9}")) {
                            throw malformed("its parameter " + key + "=" + value + " is not a number of seconds (0 or more)", secret);
                        }
                        query.append(query.isEmpty() ? "?" : "&").append(parameter);
                    }
                }
            }
        }
        // An empty password in the address is none, as libpq takes it: PGPASSWORD or .pgpass gives it
        // (postgresql://etl:@host/db, which ${PGPASSWORD:-} in a configuration file makes, was refused by the server).
        if (password != null && password.isEmpty()) {
            password = null;
        }
        // Empty variables count as not set, as libpq takes them (an empty PGUSER was a user "", an empty PGPASSWORD a password "").
        if (user == null) {
            String fromEnvironment = environment.get("PGUSER");
            user = fromEnvironment == null || fromEnvironment.isEmpty() ? System.getProperty("user.name") : fromEnvironment;
        }
        boolean inAddress = password != null;
        if (password == null && environment.get("PGPASSWORD") != null && !environment.get("PGPASSWORD").isEmpty()) {
            password = environment.get("PGPASSWORD");
        }
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "soundstage");
        // A server that does not answer should not hang a command for long.
        properties.setProperty("connectTimeout", "10");
        // ... nor one that accepts the connection and never answers (a wrong port, with
        // sslmode=disable: connectTimeout covers only the TCP connect). URL parameters win.
        properties.setProperty("loginTimeout", "20");
        port = port < 0 ? 5432 : port;
        String jdbcUrl = JDBC + "//" + host + ":" + port + "/" + path.substring(1) + query;
        return new PostgresAddress(jdbcUrl, properties, "postgresql://" + user + "@" + host + ":" + port + "/" + database, inAddress);
    }

    /** Without the properties: they may hold the password. */
    @Override
    public String toString() {
        return display;
    }

    String user() {
        return properties.getProperty("user");
    }

    String database() {
        return display.substring(display.lastIndexOf('/') + 1);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The driver's parameters that take whole seconds. */
    private static final java.util.Set<String> TIMEOUTS = java.util.Set.of("loginTimeout", "connectTimeout", "socketTimeout", "cancelSignalTimeout");

    /** The value of query parameter {@code key} of {@code uri}, decoded; null when it has none (the last one when it is given twice). */
    private static String parameter(URI uri, String key) {
        String value = null;
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                String[] pair = parameter.split("=", 2);
                if (decode(pair[0]).equals(key)) {
                    value = pair.length > 1 ? decode(pair[1]) : "";
                }
            }
        }
        return value;
    }

    private static UserException malformed(String why, boolean hasUser) {
        return new UserException("Cannot read the PostgreSQL address: " + why
                + ". Write it as postgresql://USER@HOST:PORT/DATABASE or jdbc:postgresql://HOST:PORT/DATABASE (the password comes from PGPASSWORD or ~/.pgpass)"
                + (hasUser ? "; in a user or password in the address, write / ? # @ % and space as %2F %3F %23 %40 %25 %20." : "."));
    }
}
