package io.proteus.server.security;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One user of the users file: the password hash and token hashes it may authenticate with, the priority its queries
 * get unless the session sets another, and how many of its queries may run at once.
 *
 * @param name the user name
 * @param passwordHash the PBKDF2 hash of the password, if the user may log in with one
 * @param tokenHashes the SHA-256 hashes of the user's API tokens
 * @param defaultPriority interactive, batch or background
 * @param maxConcurrentQueries the most queries of this user that run at the same time
 */
public record UserAccount(String name, Optional<String> passwordHash, List<String> tokenHashes, String defaultPriority,
        int maxConcurrentQueries) {

    public UserAccount {
        requireNonNull(name, "name");
        requireNonNull(passwordHash, "passwordHash");
        tokenHashes = List.copyOf(tokenHashes);
        requireNonNull(defaultPriority, "defaultPriority");
        if (maxConcurrentQueries < 1) {
            throw new IllegalArgumentException("maxConcurrentQueries of user " + name + " must be at least 1");
        }
    }
}
