package io.proteus.server.security;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password and token hashes as stored in the users file. Passwords: PBKDF2 with HMAC-SHA256 from the JDK, written
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64). Tokens are random and long, so a SHA-256 digest
 * is enough: {@code sha256$HEX}. Comparisons take constant time.
 */
public final class PasswordHash {

    /** Iterations of new password hashes (OWASP's recommendation for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String PBKDF2_PREFIX = "pbkdf2-sha256";
    private static final String TOKEN_PREFIX = "sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A new salted hash of a password, with the given number of iterations. */
    public static String hashPassword(String password, int iterations) {
        requireNonNull(password, "password");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PBKDF2_PREFIX + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** Whether {@code password} matches a stored password hash. */
    public static boolean verifyPassword(String password, String storedHash) {
        requireNonNull(password, "password");
        String[] parts = storedHash.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, Integer.parseInt(parts[1])));
    }

    /** Checks the form of a stored password hash; throws IllegalArgumentException saying what is wrong. */
    public static void checkPasswordHash(String storedHash) {
        String[] parts = storedHash.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PBKDF2_PREFIX)) {
            throw new IllegalArgumentException("a password hash must look like " + PBKDF2_PREFIX
                    + "$ITERATIONS$SALT$HASH (make one with: bin/proteus hash-password)");
        }
        try {
            if (Integer.parseInt(parts[1]) < 1) {
                throw new IllegalArgumentException("the iterations of a password hash must be positive");
            }
            Base64.getDecoder().decode(parts[2]);
            if (Base64.getDecoder().decode(parts[3]).length != HASH_BITS / 8) {
                throw new IllegalArgumentException("the hash of a password hash must be 32 bytes");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iterations of a password hash are not a number: " + parts[1]);
        }
    }

    /** A new random token (32 bytes, URL-safe Base64). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token. */
    public static String hashToken(String token) {
        requireNonNull(token, "token");
        return TOKEN_PREFIX + "$" + HexFormat.of().formatHex(sha256(token));
    }

    /** Checks the form of a stored token hash. */
    public static void checkTokenHash(String storedHash) {
        String[] parts = storedHash.split("\\$");
        if (parts.length != 2 || !parts[0].equals(TOKEN_PREFIX) || parts[1].length() != 64
                || !parts[1].chars().allMatch(character -> Character.digit(character, 16) >= 0)) {
            throw new IllegalArgumentException("a token hash must look like " + TOKEN_PREFIX
                    + "$64-HEX-DIGITS (make one with: bin/proteus new-token)");
        }
    }

    /** Whether {@code token} matches a stored token hash. */
    public static boolean verifyToken(String token, String storedHash) {
        return MessageDigest.isEqual(hashToken(token).getBytes(StandardCharsets.US_ASCII),
                storedHash.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
