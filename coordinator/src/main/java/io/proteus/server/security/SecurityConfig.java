package io.proteus.server.security;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a server authenticates clients and protects its transport: the users (empty: authentication off) and the TLS
 * certificate (empty: plain text).
 *
 * @param users the users who may connect
 * @param tls the certificate and key, when TLS is on
 */
public record SecurityConfig(UserDirectory users, Optional<TlsSettings> tls) {

    public SecurityConfig {
        requireNonNull(users, "users");
        requireNonNull(tls, "tls");
    }

    /** No users, no TLS: the loopback-only default of {@code bin/proteus local}. */
    public static SecurityConfig none() {
        return new SecurityConfig(UserDirectory.none(), Optional.empty());
    }

    /** Whether clients must authenticate. */
    public boolean authenticationRequired() {
        return !users.isEmpty();
    }
}
