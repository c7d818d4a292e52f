package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The settings of one connection, parsed from a {@code jdbc:proteus://host:port[/catalog[/schema]][?name=value&...]}
 * URL and the {@link Properties} given to {@code DriverManager}.
 *
 * <p>{@code user}, {@code password}, {@code catalog}, {@code schema} and the transport security properties
 * {@code ssl} ({@code true} for TLS), {@code sslRootCert} (a PEM file of the certificates to trust instead of the
 * JVM's) and {@code sslVerification} ({@code full}, the default, or {@code none}, which accepts any certificate) are
 * connection properties; every other property is a session property, sent to the coordinator as the header {@code proteus-session-<name>}. A property
 * given in {@link Properties} wins over the same property in the URL query, which wins over the URL path.
 *
 * @param url the URL as given
 * @param host the coordinator's host name or address
 * @param port the coordinator's Arrow Flight SQL port
 * @param user the user name, if any
 * @param password the password, if any; when present the driver authenticates with Flight basic authentication
 * @param catalog the initial catalog, if any
 * @param schema the initial schema, if any
 * @param transportSecurity whether and how the connection uses TLS
 * @param sessionProperties session properties by lower-case name, in the order given
 */
record ConnectionProperties(
        String url,
        String host,
        int port,
        Optional<String> user,
        Optional<String> password,
        Optional<String> catalog,
        Optional<String> schema,
        TransportSecurity transportSecurity,
        Map<String, String> sessionProperties) {

    static final String URL_PREFIX = "jdbc:proteus:";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String CATALOG = "catalog";
    static final String SCHEMA = "schema";
    static final String SSL = "ssl";
    static final String SSL_ROOT_CERTIFICATE = "sslrootcert";
    static final String SSL_VERIFICATION = "sslverification";

    /** Header names are sent lower case; these are the characters gRPC accepts in them. */
    private static final Pattern SESSION_PROPERTY_NAME = Pattern.compile("[a-z0-9_.\\-]+");

    ConnectionProperties {
        requireNonNull(url, "url is null");
        requireNonNull(host, "host is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(transportSecurity, "transportSecurity is null");
        sessionProperties = Collections.unmodifiableMap(new LinkedHashMap<>(sessionProperties));
    }

    @Override
    public String toString() {
        // Never print the password.
        return "ConnectionProperties[url=" + url + ", user=" + user.orElse("") + ", catalog=" + catalog.orElse("")
                + ", schema=" + schema.orElse("") + ", transportSecurity=" + transportSecurity + ", sessionProperties=" + sessionProperties + "]";
    }

    /** Returns whether the URL is one this driver handles. */
    static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length());
    }

    /**
     * Parses a URL and its properties.
     *
     * @throws SQLException (SQLState {@code 08001}) if the URL or a property is invalid
     */
    static ConnectionProperties parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw invalid(url, "it does not start with " + URL_PREFIX);
        }
        URI uri;
        try {
            uri = new URI(url.substring("jdbc:".length()));
        } catch (URISyntaxException e) {
            throw invalid(url, e.getMessage());
        }
        if (uri.getRawAuthority() == null || !uri.getRawAuthority().equals(uri.getRawAuthority().trim())) {
            throw invalid(url, "the expected form is jdbc:proteus://host:port[/catalog[/schema]][?name=value&...]");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid(url, "the host is missing or invalid");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (uri.getPort() < 1 || uri.getPort() > 65535) {
            throw invalid(url, "the port is missing or invalid");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw invalid(url, "user information and fragments are not allowed, use the user and password properties");
        }

        Map<String, String> values = new LinkedHashMap<>();
        String path = uri.getRawPath();
        if (path != null && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path != null && !path.isEmpty()) {
            String[] segments = path.substring(1).split("/", -1);
            if (segments.length > 2) {
                throw invalid(url, "the path may only name a catalog and a schema: /catalog[/schema]");
            }
            for (String segment : segments) {
                if (segment.isEmpty()) {
                    throw invalid(url, "the path has an empty catalog or schema name");
                }
            }
            values.put(CATALOG, decode(url, segments[0]));
            if (segments.length == 2) {
                values.put(SCHEMA, decode(url, segments[1]));
            }
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw invalid(url, "the query part '" + pair + "' is not of the form name=value");
                }
                String name = decode(url, pair.substring(0, equals));
                if (values.containsKey(name) && !name.equals(CATALOG) && !name.equals(SCHEMA)) {
                    throw invalid(url, "the property '" + name + "' is given twice");
                }
                values.put(name, decode(url, pair.substring(equals + 1)));
            }
        }
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                values.put(name, info.getProperty(name));
            }
        }

        Optional<String> user = Optional.ofNullable(values.remove(USER)).filter(value -> !value.isEmpty());
        Optional<String> password = Optional.ofNullable(values.remove(PASSWORD));
        Optional<String> catalog = Optional.ofNullable(values.remove(CATALOG)).filter(value -> !value.isEmpty());
        Optional<String> schema = Optional.ofNullable(values.remove(SCHEMA)).filter(value -> !value.isEmpty());
        TransportSecurity transportSecurity = transportSecurity(url, values);
        if (password.isPresent() && user.isEmpty()) {
            throw invalid(url, "a password was given without a user");
        }
        if (schema.isPresent() && catalog.isEmpty()) {
            throw invalid(url, "a schema was given without a catalog");
        }
        if (catalog.isPresent()) {
            checkHeaderValue(url, catalog.get());
        }
        if (schema.isPresent()) {
            checkHeaderValue(url, schema.get());
        }
        Map<String, String> sessionProperties = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!SESSION_PROPERTY_NAME.matcher(name).matches()) {
                throw invalid(url, "the session property name '" + entry.getKey()
                        + "' may only contain letters, digits, '_', '.' and '-'");
            }
            checkHeaderValue(url, entry.getValue());
            if (sessionProperties.put(name, entry.getValue()) != null) {
                throw invalid(url, "the session property '" + name + "' is given twice");
            }
        }
        return new ConnectionProperties(url, host, uri.getPort(), user, password, catalog, schema, transportSecurity,
                sessionProperties);
    }

    /** Takes the TLS properties (names in any case) out of {@code values}. */
    private static TransportSecurity transportSecurity(String url, Map<String, String> values) throws SQLException {
        Map<String, String> tls = new LinkedHashMap<>();
        values.entrySet().removeIf(entry -> {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            boolean isTls = name.equals(SSL) || name.equals(SSL_ROOT_CERTIFICATE) || name.equals(SSL_VERIFICATION);
            if (isTls) {
                tls.put(name, entry.getValue().trim());
            }
            return isTls;
        });
        boolean enabled = switch (tls.getOrDefault(SSL, "false").toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(url, "ssl must be true or false, not '" + tls.get(SSL) + "'");
        };
        boolean verify = switch (tls.getOrDefault(SSL_VERIFICATION, "full").toLowerCase(Locale.ROOT)) {
            case "full" -> true;
            case "none" -> false;
            default -> throw invalid(url, "sslVerification must be full or none, not '" + tls.get(SSL_VERIFICATION) + "'");
        };
        Optional<Path> rootCertificate = Optional.ofNullable(tls.get(SSL_ROOT_CERTIFICATE))
                .filter(value -> !value.isEmpty())
                .map(Path::of);
        if (!enabled && (rootCertificate.isPresent() || tls.containsKey(SSL_VERIFICATION))) {
            throw invalid(url, "sslRootCert and sslVerification need ssl=true");
        }
        if (rootCertificate.isPresent() && !Files.isReadable(rootCertificate.get())) {
            throw invalid(url, "the sslRootCert file " + rootCertificate.get() + " cannot be read");
        }
        return new TransportSecurity(enabled, rootCertificate, verify);
    }

    /**
     * Whether the connection uses TLS and how it checks the coordinator's certificate.
     *
     * @param enabled TLS on the connection
     * @param rootCertificate PEM certificates to trust instead of the JVM's default trust store
     * @param verifyServer false to accept any certificate (for tests against self-signed certificates only)
     */
    record TransportSecurity(boolean enabled, Optional<Path> rootCertificate, boolean verifyServer) {

        static final TransportSecurity NONE = new TransportSecurity(false, Optional.empty(), true);

        TransportSecurity {
            requireNonNull(rootCertificate, "rootCertificate is null");
        }
    }

    /** Checks a value that is sent as an ASCII gRPC header. */
    static void checkHeaderValue(String url, String value) throws SQLException {
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (character < 0x20 || character > 0x7e) {
                throw invalid(url, "the value '" + value + "' contains a character that cannot be sent in a header"
                        + " (only printable ASCII is allowed)");
            }
        }
    }

    private static String decode(String url, String text) throws SQLException {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(url, "'" + text + "' is not correctly percent-encoded");
        }
    }

    private static SQLException invalid(String url, String reason) {
        return new SQLException("Invalid Proteus JDBC URL " + url + ": " + reason, "08001");
    }
}
