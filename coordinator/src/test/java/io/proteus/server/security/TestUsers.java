package io.proteus.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Users files for tests: alice and bob with passwords, etl with an API token only. */
public final class TestUsers {

    public static final String ALICE_PASSWORD = "alice-secret-1";
    public static final String BOB_PASSWORD = "bob-secret-2";
    /** The API token of user etl. */
    public static final String ETL_TOKEN = "etl-token-0123456789abcdef0123456789abcdef";

    /** Fewer iterations than production hashes, to keep tests fast; the format and the check are the same. */
    private static final int TEST_ITERATIONS = 20_000;

    private TestUsers() {
    }

    /** Writes the users file: alice (interactive, 1 query at a time), bob (batch), etl (token). */
    public static Path write(Path directory) throws IOException {
        String json = """
                {
                  "users": [
                    {"name": "alice", "password": "%s", "maxConcurrentQueries": 1},
                    {"name": "bob", "password": "%s", "priority": "batch", "maxConcurrentQueries": 4},
                    {"name": "etl", "tokens": ["%s"], "priority": "background"}
                  ]
                }
                """.formatted(PasswordHash.hashPassword(ALICE_PASSWORD, TEST_ITERATIONS),
                PasswordHash.hashPassword(BOB_PASSWORD, TEST_ITERATIONS), PasswordHash.hashToken(ETL_TOKEN));
        Path file = directory.resolve("users.json");
        Files.writeString(file, json);
        return file;
    }
}
