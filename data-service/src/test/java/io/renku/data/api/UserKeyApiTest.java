package io.renku.data.api;

import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.secret.InternalCredential;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import io.renku.secrets.crypto.SecretBox;
import io.renku.secrets.crypto.UserKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The internal {@code GET /api/data/user/secret_key}: the secrets service's way to a user's key
 * (local files). Without the internal credential it does not exist for anyone, the user themselves
 * included; with it, it answers the key stored under the server's key, made at first need, the same
 * every time.
 */
class UserKeyApiTest extends ApiTest {
  private static final Path KEY_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "renku-secret-keys");

  @Autowired JdbcClient jdbc;

  @Test
  void nobodyButTheSecretsServiceGetsAUsersKey() {
    TestUser user = TestUser.random("ukey");
    register(api, user);
    // the user's own token, an admin-less anonymous call, a wrong credential: no such path
    assertThat(api.as(user).get("user/secret_key").status()).isEqualTo(404);
    assertThat(api.anonymous().get("user/secret_key").status()).isEqualTo(404);
    assertThat(
            api.anonymous()
                .header(InternalCredential.HEADER, "test-secrets-internal-tokeX")
                .header(InternalCredential.USER_HEADER, user.id())
                .get("user/secret_key")
                .status())
        .isEqualTo(404);
    // the gateway's session-route token is another credential
    assertThat(
            api.anonymous()
                .header(InternalCredential.HEADER, INTERNAL_TOKEN)
                .header(InternalCredential.USER_HEADER, user.id())
                .get("user/secret_key")
                .status())
        .isEqualTo(404);
    assertThat(storedKey(user.id())).isNull();
  }

  @Test
  void theSecretsServiceGetsTheStoredKeyMadeAtFirstNeed() throws Exception {
    TestUser user = TestUser.random("ukey2");
    register(api, user);
    io.renku.data.support.Api internal = internal(user.id());
    var first = internal.get("user/secret_key");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    String key = first.field("secret_key");
    assertThat(key).hasSize(43);
    assertThat(internal.get("user/secret_key").field("secret_key")).isEqualTo(key);
    // it is the key kept under the server's encryption key
    byte[] encryptionKey = Files.readAllBytes(KEY_DIR.resolve("encryption-key"));
    assertThat(
            new UserKeys(new SecretBox())
                .decryptFromStorage(encryptionKey, user.id(), storedKey(user.id()))
                .text())
        .isEqualTo(key);
    // the key a first secret makes is the one answered afterwards
    TestUser other = TestUser.random("ukey3");
    register(api, other);
    assertThat(api.as(other).post("user/secrets", Map.of("name", "n", "value", "v")).status())
        .isEqualTo(201);
    String made =
        new UserKeys(new SecretBox())
            .decryptFromStorage(encryptionKey, other.id(), storedKey(other.id()))
            .text();
    assertThat(internal(other.id()).get("user/secret_key").field("secret_key")).isEqualTo(made);
  }

  @Test
  void anUnknownOrMissingUserIsRefused() {
    assertThat(internal("no-such-user-" + System.nanoTime()).get("user/secret_key").status())
        .isEqualTo(404);
    var missing =
        api.anonymous()
            .header(InternalCredential.HEADER, SECRETS_INTERNAL_TOKEN)
            .get("user/secret_key");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body()).contains(InternalCredential.USER_HEADER);
  }

  private io.renku.data.support.Api internal(String userId) {
    return api.anonymous()
        .header(InternalCredential.HEADER, SECRETS_INTERNAL_TOKEN)
        .header(InternalCredential.USER_HEADER, userId);
  }

  private byte[] storedKey(String userId) {
    return jdbc.sql("SELECT secret_key FROM users.users WHERE id = :u")
        .param("u", userId)
        .query((rs, n) -> rs.getBytes(1))
        .optional()
        .orElse(null);
  }
}
