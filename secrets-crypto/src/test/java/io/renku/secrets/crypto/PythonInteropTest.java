package io.renku.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Values the original's Python code stores open here: src/test/resources/python holds a key pair
 * and a sealed secret made by make_fixtures.py (the original's calls, Python's cryptography).
 */
class PythonInteropTest {
  private static final JsonNode SEALED = Fixtures.json("python/sealed.json");

  @Test
  void aSecretSealedByTheOriginalOpensInBothSteps(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("private.pem");
    Files.writeString(pem, Fixtures.text("python/service-private.pem"));
    ServiceKeys keys = ServiceKeys.load(pem, Optional.empty());
    SecretSealing sealing = new SecretSealing();
    String userId = SEALED.get("user_id").asString();

    byte[] inner =
        sealing.unsealOuter(
            userId,
            SEALED.get("encrypted_value").asString().getBytes(StandardCharsets.US_ASCII),
            Base64.getDecoder().decode(SEALED.get("encrypted_key_b64").asString()),
            keys);
    String value =
        sealing.openInnerString(
            userId, new UserSecretKey(SEALED.get("user_key").asString()), inner);

    assertThat(value).isEqualTo(SEALED.get("value").asString());
  }

  @Test
  void aUserKeyStoredByTheOriginalOpensWithANonUtf8EncryptionKey() {
    UserKeys userKeys = new UserKeys(new SecretBox());

    UserSecretKey key =
        userKeys.decryptFromStorage(
            Base64.getDecoder().decode(SEALED.get("encryption_key_b64").asString()),
            SEALED.get("user_id").asString(),
            SEALED.get("stored_user_key").asString().getBytes(StandardCharsets.US_ASCII));

    assertThat(key.text()).isEqualTo(SEALED.get("user_key").asString());
  }

  @Test
  void thePublicKeyPythonWroteIsTheHalfOfItsPrivateKey(@TempDir Path dir) throws Exception {
    Path pub = dir.resolve("public.pem");
    Files.writeString(pub, Fixtures.text("python/service-public.pem"));
    Path priv = dir.resolve("private.pem");
    Files.writeString(priv, Fixtures.text("python/service-private.pem"));

    ServiceKeys keys = ServiceKeys.load(priv, Optional.empty());
    byte[] wrapped = ServiceKeys.encrypt(Pem.readPublicKey(pub), new byte[] {1, 2, 3});

    assertThat(Pem.readPublicKey(pub)).isEqualTo(keys.publicKey());
    assertThat(keys.decrypt(wrapped)).containsExactly(1, 2, 3);
  }
}
