package io.proteus.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for Proteus: handles URLs {@code jdbc:proteus://host:port[/catalog[/schema]][?name=value&...]} and
 * talks Arrow Flight SQL to the Proteus coordinator.
 *
 * <p>Connection properties (from the URL query or the {@link Properties} passed to {@code DriverManager}):
 * {@code user} and {@code password} (Flight basic authentication, the returned bearer token is sent with every
 * call), {@code catalog} and {@code schema}; every other property is a session property sent as the header
 * {@code proteus-session-<name>} (for example {@code strategy=dynamic}).
 *
 * <p>The driver registers itself with {@link DriverManager} when loaded, and is listed in
 * {@code META-INF/services/java.sql.Driver}.
 */
public final class ProteusDriver implements Driver {
    /** The prefix of the URLs this driver accepts. */
    public static final String URL_PREFIX = ConnectionProperties.URL_PREFIX;

    private static final String VERSION = readVersion();

    static {
        try {
            DriverManager.registerDriver(new ProteusDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Creates the driver; applications normally let {@link DriverManager} do it. */
    public ProteusDriver() {}

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (url == null) {
            throw new SQLException("The URL is null", SqlErrors.CONNECTION_FAILURE);
        }
        if (!acceptsURL(url)) {
            return null;
        }
        ConnectionProperties properties = ConnectionProperties.parse(url, info);
        // Arrow must be able to read java.nio internals before its first class is initialized.
        ArrowModuleAccess.ensureOpen();
        return ProteusConnection.open(properties);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new SQLException("The URL is null", SqlErrors.CONNECTION_FAILURE);
        }
        return ConnectionProperties.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        Properties given = info == null ? new Properties() : info;
        DriverPropertyInfo user = property(ConnectionProperties.USER, given,
                "User name; with a password, used for Flight basic authentication");
        DriverPropertyInfo password = property(ConnectionProperties.PASSWORD, given,
                "Password for Flight basic authentication");
        DriverPropertyInfo catalog = property(ConnectionProperties.CATALOG, given,
                "Initial catalog (also the first segment of the URL path)");
        DriverPropertyInfo schema = property(ConnectionProperties.SCHEMA, given,
                "Initial schema (also the second segment of the URL path)");
        return new DriverPropertyInfo[] {user, password, catalog, schema};
    }

    private static DriverPropertyInfo property(String name, Properties given, String description) {
        DriverPropertyInfo property = new DriverPropertyInfo(name, given.getProperty(name));
        property.required = false;
        property.description = description;
        return property;
    }

    @Override
    public int getMajorVersion() {
        return versionPart(0);
    }

    @Override
    public int getMinorVersion() {
        return versionPart(1);
    }

    /** The driver's version, for example {@code 0.1.0}. */
    static String version() {
        return VERSION;
    }

    private static int versionPart(int index) {
        String[] parts = VERSION.split("[.-]");
        try {
            return index < parts.length ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String readVersion() {
        try (InputStream stream = ProteusDriver.class.getResourceAsStream("driver.properties")) {
            if (stream != null) {
                Properties properties = new Properties();
                properties.load(stream);
                String version = properties.getProperty("version");
                if (version != null && !version.startsWith("$")) {
                    return version;
                }
            }
        } catch (IOException ignored) {
            // Fall through to the unknown version.
        }
        return "0.0.0";
    }

    @Override
    public boolean jdbcCompliant() {
        // Proteus has no transactions and only part of SQL-92 entry level is checked.
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger(ProteusDriver.class.getPackageName());
    }
}
