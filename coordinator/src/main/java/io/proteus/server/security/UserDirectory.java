package io.proteus.server.security;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users of a server, from the users file ({@code --users FILE}, JSON, see docs/security.md). An empty directory
 * means authentication is off, which only {@code bin/proteus local} on loopback allows.
 *
 * <p>Verifying a PBKDF2 hash is slow on purpose; successful password checks are remembered for a few minutes (as a
 * SHA-256 digest of user and password, never the password) so that clients sending Basic credentials on every HTTP
 * request do not pay it each time.
 */
public final class UserDirectory {

    /** The user queries run as when authentication is off. */
    public static final String ANONYMOUS = "anonymous";

    private static final Set<String> PRIORITIES = Set.of("interactive", "batch", "background");
    private static final int DEFAULT_MAX_CONCURRENT_QUERIES = 10;
    private static final Duration VERIFIED_CREDENTIALS_LIFETIME = Duration.ofMinutes(5);

    private final Map<String, UserAccount> users;
    private final Map<String, Long> verifiedCredentials = new ConcurrentHashMap<>();

    private UserDirectory(Map<String, UserAccount> users) {
        this.users = Map.copyOf(users);
    }

    /** No users: authentication is off. */
    public static UserDirectory none() {
        return new UserDirectory(Map.of());
    }

    /** A directory of the given users. */
    public static UserDirectory of(List<UserAccount> accounts) {
        Map<String, UserAccount> users = new LinkedHashMap<>();
        for (UserAccount account : accounts) {
            if (users.put(account.name(), account) != null) {
                throw new IllegalArgumentException("user " + account.name() + " is defined twice");
            }
        }
        return new UserDirectory(users);
    }

    /** Reads a users file; errors name the file and what is wrong. */
    public static UserDirectory load(Path file) throws IOException {
        requireNonNull(file, "file");
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        UsersFile parsed;
        try {
            parsed = json.readValue(Files.readString(file), UsersFile.class);
        } catch (NoSuchFileException e) {
            throw new IOException("users file " + file + " does not exist", e);
        } catch (UnrecognizedPropertyException e) {
            throw new IOException("users file " + file + ": unknown field '" + e.getPropertyName() + "' (known: "
                    + e.getKnownPropertyIds() + ")", e);
        } catch (JsonProcessingException e) {
            throw new IOException("users file " + file + " is not valid: " + e.getOriginalMessage(), e);
        }
        if (parsed == null || parsed.users() == null || parsed.users().isEmpty()) {
            throw new IOException("users file " + file + " defines no users (expected {\"users\": [{\"name\": ..., \"password\": ...}]})");
        }
        List<UserAccount> accounts = new ArrayList<>();
        for (UserEntry entry : parsed.users()) {
            try {
                accounts.add(entry.toAccount());
            } catch (IllegalArgumentException e) {
                throw new IOException("users file " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return of(accounts);
        } catch (IllegalArgumentException e) {
            throw new IOException("users file " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when no users are configured and authentication is off. */
    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** The account of a user; the anonymous account (no limit, interactive) when authentication is off. */
    public UserAccount account(String name) {
        requireNonNull(name, "name");
        if (users.isEmpty() && name.equals(ANONYMOUS)) {
            return new UserAccount(ANONYMOUS, Optional.empty(), List.of(), "interactive", Integer.MAX_VALUE);
        }
        UserAccount account = users.get(name);
        if (account == null) {
            throw new IllegalArgumentException("unknown user " + name);
        }
        return account;
    }

    /** The user whose password this is, if the name and password match. */
    public Optional<UserAccount> authenticatePassword(String name, String password) {
        if (name == null || password == null) {
            return Optional.empty();
        }
        UserAccount account = users.get(name);
        if (account == null || account.passwordHash().isEmpty()) {
            return Optional.empty();
        }
        String key = HexFormat.of().formatHex(PasswordHash.sha256(name + "\u0000" + password + "\u0000" + account.passwordHash().get()));
        Long verifiedUntil = verifiedCredentials.get(key);
        long now = System.nanoTime();
        if (verifiedUntil != null && verifiedUntil - now > 0) {
            return Optional.of(account);
        }
        if (!PasswordHash.verifyPassword(password, account.passwordHash().get())) {
            return Optional.empty();
        }
        verifiedCredentials.values().removeIf(until -> until - now <= 0);
        verifiedCredentials.put(key, now + VERIFIED_CREDENTIALS_LIFETIME.toNanos());
        return Optional.of(account);
    }

    /** The user owning this API token, if any. */
    public Optional<UserAccount> authenticateToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        for (UserAccount account : users.values()) {
            for (String hash : account.tokenHashes()) {
                if (PasswordHash.verifyToken(token, hash)) {
                    return Optional.of(account);
                }
            }
        }
        return Optional.empty();
    }

    private record UsersFile(@JsonProperty("users") List<UserEntry> users) {
        @JsonCreator
        UsersFile {
        }
    }

    private record UserEntry(@JsonProperty("name") String name, @JsonProperty("password") String password,
            @JsonProperty("tokens") List<String> tokens, @JsonProperty("priority") String priority,
            @JsonProperty("maxConcurrentQueries") Integer maxConcurrentQueries) {
        @JsonCreator
        UserEntry {
        }

        UserAccount toAccount() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a user has no name");
            }
            if (!name.matches("[A-Za-z0-9_.@-]+")) {
                throw new IllegalArgumentException("user name '" + name + "' may only contain letters, digits and _ . @ -");
            }
            List<String> tokenHashes = tokens == null ? List.of() : tokens;
            if (password == null && tokenHashes.isEmpty()) {
                throw new IllegalArgumentException("user " + name + " has neither a password nor a token");
            }
            try {
                if (password != null) {
                    PasswordHash.checkPasswordHash(password);
                }
                tokenHashes.forEach(PasswordHash::checkTokenHash);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("user " + name + ": " + e.getMessage(), e);
            }
            String normalisedPriority = priority == null ? "interactive" : priority.toLowerCase(Locale.ROOT);
            if (!PRIORITIES.contains(normalisedPriority)) {
                throw new IllegalArgumentException("user " + name + ": priority must be interactive, batch or background, not '" + priority + "'");
            }
            int limit = maxConcurrentQueries == null ? DEFAULT_MAX_CONCURRENT_QUERIES : maxConcurrentQueries;
            if (limit < 1) {
                throw new IllegalArgumentException("user " + name + ": maxConcurrentQueries must be at least 1");
            }
            return new UserAccount(name, Optional.ofNullable(password), tokenHashes, normalisedPriority, limit);
        }
    }
}
