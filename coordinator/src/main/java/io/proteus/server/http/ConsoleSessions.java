package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

import io.proteus.server.query.QueryManager;
import io.proteus.server.query.Session;
import io.proteus.server.security.PasswordHash;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP sessions: console logins (a random token in an HttpOnly cookie, or sent as a bearer token by scripts),
 * expiring after {@value #IDLE_HOURS} hours without use, and one API session per user for requests that carry their
 * credentials (Basic or an API token) on every call. Each holds the query manager's {@link Session}, so SET and the
 * user's defaults apply as over Flight SQL.
 */
final class ConsoleSessions {

    static final int IDLE_HOURS = 12;
    private static final Duration IDLE = Duration.ofHours(IDLE_HOURS);

    private final QueryManager queryManager;
    private final String defaultCatalog;
    private final String defaultSchema;
    private final Map<String, LoginSession> logins = new ConcurrentHashMap<>();
    private final Map<String, Session> apiSessions = new ConcurrentHashMap<>();

    private static final class LoginSession {
        private final Session session;
        private volatile long lastUsedNanos;

        LoginSession(Session session) {
            this.session = session;
            this.lastUsedNanos = System.nanoTime();
        }
    }

    ConsoleSessions(QueryManager queryManager, String defaultCatalog, String defaultSchema) {
        this.queryManager = requireNonNull(queryManager, "queryManager");
        this.defaultCatalog = defaultCatalog;
        this.defaultSchema = defaultSchema;
    }

    /** Starts a console session of an authenticated user; returns its secret token. */
    String login(String user) {
        long now = System.nanoTime();
        logins.values().removeIf(login -> now - login.lastUsedNanos > IDLE.toNanos());
        String token = PasswordHash.newToken();
        logins.put(token, new LoginSession(queryManager.newSession(UUID.randomUUID().toString(), user, defaultCatalog, defaultSchema)));
        return token;
    }

    /** The session of a login token that has not expired. */
    Optional<Session> byToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        LoginSession login = logins.get(token);
        long now = System.nanoTime();
        if (login == null) {
            return Optional.empty();
        }
        if (now - login.lastUsedNanos > IDLE.toNanos()) {
            logins.remove(token);
            return Optional.empty();
        }
        login.lastUsedNanos = now;
        return Optional.of(login.session);
    }

    void logout(String token) {
        if (token != null) {
            logins.remove(token);
        }
    }

    /** The session shared by the requests of one user that authenticate on every call. */
    Session apiSession(String user) {
        return apiSessions.computeIfAbsent(user,
                name -> queryManager.newSession(UUID.randomUUID().toString(), name, defaultCatalog, defaultSchema));
    }
}
