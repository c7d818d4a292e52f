package io.proteus.server.security;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;

/**
 * Authenticates Flight SQL calls against the users file with Arrow Flight's own authenticators: a call with Basic
 * credentials (the handshake) is checked by {@link BasicCallHeaderAuthenticator} and answered with a generated bearer
 * token ({@link GeneratedBearerTokenAuthenticator}, valid for an hour of inactivity); later calls send that token. A
 * bearer token that is one of a user's configured API tokens is accepted too. Failures are UNAUTHENTICATED without
 * detail.
 */
public final class FlightAuthenticator extends GeneratedBearerTokenAuthenticator {

    private static final int TOKEN_IDLE_MINUTES = 60;

    private final UserDirectory users;

    public FlightAuthenticator(UserDirectory users) {
        super(new BasicCallHeaderAuthenticator((name, password) -> users.authenticatePassword(name, password)
                .<CallHeaderAuthenticator.AuthResult>map(account -> account::name)
                .orElseThrow(() -> CallStatus.UNAUTHENTICATED.toRuntimeException())), TOKEN_IDLE_MINUTES);
        this.users = requireNonNull(users, "users");
    }

    @Override
    protected AuthResult validateBearer(String bearerToken) {
        var account = users.authenticateToken(bearerToken);
        if (account.isPresent()) {
            String name = account.get().name();
            return () -> name;
        }
        return super.validateBearer(bearerToken);
    }
}
