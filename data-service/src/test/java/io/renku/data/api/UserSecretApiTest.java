package io.renku.data.api;

import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import io.renku.secrets.crypto.SealedSecret;
import io.renku.secrets.crypto.SecretSealing;
import io.renku.secrets.crypto.ServiceKeys;
import io.renku.secrets.crypto.UserKeys;
import io.renku.secrets.crypto.UserSecretKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code /user/secrets}: only the owner sees or changes a secret, values go in and never come out,
 * and what is stored is the original's sealed form, which the secrets service's private key and the
 * user's key (and only both) turn back into the value.
 */
class UserSecretApiTest extends ApiTest {
  /** Where the test context's keys are made (the default of renku.secrets.key-dir). */
  private static final Path KEY_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "renku-secret-keys");

  @Autowired JdbcClient jdbc;

  @Test
  void ownersKeepTheirSecretsAndNobodySeesAValue() throws Exception {
    TestUser owner = TestUser.random("sowner");
    TestUser other = TestUser.random("sother");
    register(api, owner);
    register(api, other);
    String planted = "planted-" + UUID.randomUUID();

    assertThat(api.anonymous().get("user/secrets").status()).isEqualTo(401);
    var created = api.as(owner).post("user/secrets", Map.of("name", "API token", "value", planted));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(planted).doesNotContain("\"value\"");
    assertThat(created.field("kind")).isEqualTo("general");
    assertThat(created.field("default_filename")).isEqualTo("API_token");
    String id = created.field("id");

    var again = api.as(owner).post("user/secrets", Map.of("name", "API token", "value", "x"));
    assertThat(again.status()).as(again.body()).isEqualTo(409);
    assertThat(api.as(owner).get("user/secrets").json().size()).isEqualTo(1);
    assertThat(api.as(owner).get("user/secrets?kind=storage").json().size()).isZero();
    assertThat(api.as(owner).get("user/secrets/" + id).body()).doesNotContain(planted);

    // Another user: as if it did not exist.
    assertThat(api.as(other).get("user/secrets/" + id).status()).isEqualTo(404);
    assertThat(api.as(other).patch("user/secrets/" + id, Map.of("name", "mine")).status())
        .isEqualTo(404);
    assertThat(api.as(other).get("user/secrets").json().size()).isZero();
    assertThat(api.as(other).delete("user/secrets/" + id).status()).isEqualTo(204);
    assertThat(api.as(owner).get("user/secrets/" + id).status()).isEqualTo(200);

    // What is stored opens only with both keys, and holds the value.
    String userId = owner.id();
    SealedSecret stored = stored(id);
    assertThat(new String(stored.encryptedValue(), StandardCharsets.ISO_8859_1))
        .doesNotContain(planted);
    assertThat(open(userId, stored)).isEqualTo(planted);

    var changed =
        api.as(owner).patch("user/secrets/" + id, Map.of("name", "Token", "value", planted + "-2"));
    assertThat(changed.status()).as(changed.body()).isEqualTo(201);
    assertThat(changed.field("name")).isEqualTo("Token");
    assertThat(open(userId, stored(id))).isEqualTo(planted + "-2");
    // A change without a value keeps it.
    api.as(owner).patch("user/secrets/" + id, Map.of("default_filename", "token.txt"));
    assertThat(open(userId, stored(id))).isEqualTo(planted + "-2");

    assertThat(api.as(owner).delete("user/secrets/" + id).status()).isEqualTo(204);
    assertThat(api.as(owner).get("user/secrets/" + id).status()).isEqualTo(404);
    assertThat(api.as(owner).delete("user/secrets/" + id).status()).isEqualTo(204);
  }

  @Test
  void badInputIsRefusedWithTheFieldNamed() {
    TestUser owner = TestUser.random("sbad");
    register(api, owner);
    for (var bad :
        Map.of(
                "name", Map.of("name", "x".repeat(100), "value", "v"),
                "value", Map.of("name", "n", "value", ""),
                "default_filename", Map.of("name", "n", "value", "v", "default_filename", "../x"),
                "kind", Map.of("name", "n", "value", "v", "kind", "other"))
            .entrySet()) {
      var r = api.as(owner).post("user/secrets", bad.getValue());
      assertThat(r.status()).as(bad.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).as(bad.getKey()).contains(bad.getKey());
    }
    assertThat(api.as(owner).get("user/secrets").json().size()).isZero();
  }

  private SealedSecret stored(String id) {
    return jdbc.sql(
            "SELECT encrypted_value, encrypted_key FROM secrets.user_secrets WHERE id = :id")
        .param("id", id)
        .query((rs, n) -> new SealedSecret(rs.getBytes(1), rs.getBytes(2)))
        .single();
  }

  /** What the secrets service and then the session's init container do, with both keys. */
  private String open(String userId, SealedSecret sealed) throws Exception {
    ServiceKeys serviceKeys =
        ServiceKeys.load(KEY_DIR.resolve("secrets-service-private.pem"), Optional.empty());
    byte[] encryptionKey = Files.readAllBytes(KEY_DIR.resolve("encryption-key"));
    byte[] storedUserKey =
        jdbc.sql("SELECT secret_key FROM users.users WHERE id = :u")
            .param("u", userId)
            .query(byte[].class)
            .single();
    UserSecretKey userKey =
        new UserKeys(new io.renku.secrets.crypto.SecretBox())
            .decryptFromStorage(encryptionKey, userId, storedUserKey);
    SecretSealing sealing = new SecretSealing();
    byte[] inner = sealing.unsealOuter(userId, sealed, serviceKeys);
    return sealing.openInnerString(userId, userKey, inner);
  }
}
