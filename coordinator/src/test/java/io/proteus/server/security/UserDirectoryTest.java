package io.proteus.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirectoryTest {

    @TempDir
    Path directory;

    @Test
    void passwordHashesVerifyOnlyTheirPassword() {
        String hash = PasswordHash.hashPassword("correct horse", 10_000);
        assertThat(hash).startsWith("pbkdf2-sha256$10000$");
        assertThat(PasswordHash.verifyPassword("correct horse", hash)).isTrue();
        assertThat(PasswordHash.verifyPassword("correct horsE", hash)).isFalse();
        assertThat(PasswordHash.verifyPassword("", hash)).isFalse();
        // Salted: the same password hashes differently each time.
        assertThat(PasswordHash.hashPassword("correct horse", 10_000)).isNotEqualTo(hash);
    }

    @Test
    void tokensVerifyAgainstTheirDigest() {
        String token = PasswordHash.newToken();
        String hash = PasswordHash.hashToken(token);
        assertThat(hash).startsWith("sha256$").hasSize(7 + 64);
        assertThat(PasswordHash.verifyToken(token, hash)).isTrue();
        assertThat(PasswordHash.verifyToken(token + "x", hash)).isFalse();
    }

    @Test
    void loadsUsersWithDefaultsAndAuthenticates() throws IOException {
        UserDirectory users = UserDirectory.load(TestUsers.write(directory));
        assertThat(users.isEmpty()).isFalse();
        assertThat(users.authenticatePassword("alice", TestUsers.ALICE_PASSWORD)).map(UserAccount::name).contains("alice");
        // Twice: the second check is answered from the verified-credentials cache and must agree.
        assertThat(users.authenticatePassword("alice", TestUsers.ALICE_PASSWORD)).isPresent();
        assertThat(users.authenticatePassword("alice", TestUsers.BOB_PASSWORD)).isEmpty();
        assertThat(users.authenticatePassword("mallory", TestUsers.ALICE_PASSWORD)).isEmpty();
        assertThat(users.authenticatePassword("etl", "")).isEmpty();
        assertThat(users.authenticateToken(TestUsers.ETL_TOKEN)).map(UserAccount::name).contains("etl");
        assertThat(users.authenticateToken("not-a-token")).isEmpty();
        assertThat(users.account("alice").maxConcurrentQueries()).isEqualTo(1);
        assertThat(users.account("alice").defaultPriority()).isEqualTo("interactive");
        assertThat(users.account("bob").defaultPriority()).isEqualTo("batch");
        assertThat(users.account("etl").maxConcurrentQueries()).isEqualTo(10);
        assertThatThrownBy(() -> users.account("anonymous")).hasMessageContaining("unknown user");
    }

    @Test
    void withoutUsersEveryoneIsAnonymous() {
        UserDirectory users = UserDirectory.none();
        assertThat(users.isEmpty()).isTrue();
        assertThat(users.account(UserDirectory.ANONYMOUS).maxConcurrentQueries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(users.authenticatePassword("anonymous", "")).isEmpty();
    }

    @Test
    void badFilesGetClearErrors() throws IOException {
        assertThatThrownBy(() -> UserDirectory.load(directory.resolve("missing.json")))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> load("{\"users\": [{\"name\": \"a\", \"pasword\": \"x\"}]}"))
                .hasMessageContaining("unknown field 'pasword'");
        assertThatThrownBy(() -> load("{\"users\": [{\"name\": \"a\", \"password\": \"plain-text\"}]}"))
                .hasMessageContaining("user a").hasMessageContaining("pbkdf2-sha256$ITERATIONS$SALT$HASH");
        assertThatThrownBy(() -> load("{\"users\": [{\"name\": \"a\"}]}"))
                .hasMessageContaining("neither a password nor a token");
        assertThatThrownBy(() -> load("{\"users\": [{\"name\": \"a\", \"tokens\": [\"abc\"]}]}"))
                .hasMessageContaining("sha256$64-HEX-DIGITS");
        String hash = PasswordHash.hashPassword("p", 1000);
        assertThatThrownBy(() -> load("{\"users\": [{\"name\": \"a\", \"password\": \"" + hash + "\", \"priority\": \"urgent\"}]}"))
                .hasMessageContaining("priority must be interactive, batch or background");
        assertThatThrownBy(() -> load("{\"users\": [{\"name\": \"a\", \"password\": \"" + hash + "\", \"maxConcurrentQueries\": 0}]}"))
                .hasMessageContaining("maxConcurrentQueries must be at least 1");
        assertThatThrownBy(() -> load("{\"users\": [{\"name\": \"a\", \"password\": \"" + hash + "\"}, {\"name\": \"a\", \"password\": \"" + hash + "\"}]}"))
                .hasMessageContaining("defined twice");
        assertThatThrownBy(() -> load("{\"users\": []}")).hasMessageContaining("defines no users");
        assertThatThrownBy(() -> load("{users")).hasMessageContaining("is not valid");
    }

    private UserDirectory load(String json) throws IOException {
        Path file = Files.writeString(directory.resolve("users-" + System.nanoTime() + ".json"), json);
        return UserDirectory.load(file);
    }
}
