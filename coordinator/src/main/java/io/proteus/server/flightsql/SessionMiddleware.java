package io.proteus.server.flightsql;

import io.proteus.server.query.QueryManager;
import io.proteus.sql.QueryError;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * Identifies the client session of each Flight call from the {@code proteus_session} cookie (issuing one on the first
 * call) and collects the per-call headers clients use for session defaults: {@code catalog}, {@code schema} and
 * {@code proteus-session-<property>} (or just {@code <property>} for the session properties Proteus knows, as Arrow's
 * Flight SQL JDBC driver sends URL properties it does not know itself).
 */
public final class SessionMiddleware implements FlightServerMiddleware {

    public static final Key<SessionMiddleware> KEY = Key.of("proteus-session");
    static final String COOKIE_NAME = "proteus_session";
    private static final String PROPERTY_HEADER_PREFIX = "proteus-session-";

    private final String sessionId;
    private final boolean issued;
    private final String catalog;
    private final String schema;
    private final Map<String, String> properties;

    private SessionMiddleware(String sessionId, boolean issued, String catalog, String schema, Map<String, String> properties) {
        this.sessionId = sessionId;
        this.issued = issued;
        this.catalog = catalog;
        this.schema = schema;
        this.properties = Map.copyOf(properties);
    }

    public String sessionId() {
        return sessionId;
    }

    public String catalog() {
        return catalog;
    }

    public String schema() {
        return schema;
    }

    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
        if (issued) {
            outgoingHeaders.insert("set-cookie", COOKIE_NAME + "=" + sessionId + "; Path=/; HttpOnly");
        }
    }

    @Override
    public void onCallCompleted(CallStatus status) {
    }

    @Override
    public void onCallErrored(Throwable err) {
    }

    /** Creates the middleware for each call. */
    public static final class Factory implements FlightServerMiddleware.Factory<SessionMiddleware> {
        @Override
        public SessionMiddleware onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
            String sessionId = null;
            for (String cookieHeader : incomingHeaders.getAll("cookie") == null ? java.util.List.<String>of() : incomingHeaders.getAll("cookie")) {
                for (String cookie : cookieHeader.split(";")) {
                    String[] parts = cookie.trim().split("=", 2);
                    if (parts.length == 2 && parts[0].equals(COOKIE_NAME) && !parts[1].isBlank()) {
                        sessionId = parts[1].trim();
                    }
                }
            }
            boolean issued = sessionId == null;
            if (issued) {
                sessionId = UUID.randomUUID().toString();
            }
            Map<String, String> properties = new HashMap<>();
            for (String key : incomingHeaders.keys()) {
                String lower = key.toLowerCase(Locale.ROOT);
                if (lower.startsWith(PROPERTY_HEADER_PREFIX) && !lower.endsWith("-bin")) {
                    properties.put(lower.substring(PROPERTY_HEADER_PREFIX.length()), incomingHeaders.get(key));
                } else if (QueryManager.SESSION_PROPERTIES.contains(lower)) {
                    // Arrow's Flight SQL JDBC driver sends its unknown connection properties as headers of that name.
                    properties.putIfAbsent(lower, incomingHeaders.get(key));
                }
            }
            return new SessionMiddleware(sessionId, issued, emptyToNull(incomingHeaders.get("catalog")),
                    emptyToNull(incomingHeaders.get("schema")), properties);
        }

        private static String emptyToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /** Maps a Proteus error class to the Flight status clients see. */
    public static CallStatus statusOf(QueryError error) {
        return switch (error) {
            case SYNTAX, VALIDATION -> CallStatus.INVALID_ARGUMENT;
            case NOT_SUPPORTED -> CallStatus.UNIMPLEMENTED;
            case MEMORY_LIMIT, QUERY_LIMIT -> CallStatus.RESOURCE_EXHAUSTED;
            case CANCELLED -> CallStatus.CANCELLED;
            case EXECUTION, INTERNAL -> CallStatus.INTERNAL;
        };
    }
}
