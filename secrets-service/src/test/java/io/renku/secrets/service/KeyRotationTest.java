package io.renku.secrets.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.secrets.crypto.SealedSecret;
import io.renku.secrets.crypto.SecretCryptoException;
import io.renku.secrets.crypto.SecretSealing;
import io.renku.secrets.crypto.ServiceKeys;
import io.renku.secrets.service.rotation.KeyRotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key rotation as an operator does it: the service restarted with a new current key and the old
 * one as previous. Secrets sealed before still open; after the rotation job, the new key alone
 * opens them (the old one no longer does), and the values are unchanged.
 */
class KeyRotationTest {
  private final SecretsFixture db = SecretsFixture.get();
  private final SecretSealing sealing = new SecretSealing();

  @TempDir Path temp;

  @Test
  void oldSecretsOpenDuringARotationAndWithTheNewKeyAloneAfterTheJob() throws Exception {
    ServiceKeys old = ServiceKeys.generate(2048);
    ServiceKeys next = ServiceKeys.generate(2048);
    Path oldFile = temp.resolve("old.pem");
    Path nextFile = temp.resolve("next.pem");
    old.write(oldFile, temp.resolve("old.pub.pem"));
    next.write(nextFile, temp.resolve("next.pub.pem"));

    // the job goes over the whole table: other classes' rows (sealed for their own keys) would
    // count as failures here
    db.execute("DELETE FROM secrets.user_secrets");
    String user = db.newUser();
    String before = db.store(user, "value-before-rotation", old.publicKey());
    byte[] valueBefore = db.encryptedValueOf(before);
    // the batch size of 1 makes the job page through several batches
    try (RunningSecretsService service =
        new RunningSecretsService(
            Map.of(
                "renku.secrets.private-key-file", nextFile.toString(),
                "renku.secrets.previous-private-key-file", oldFile.toString(),
                "renku.secrets.rotation.batch-size", "1"),
            Optional.empty(),
            temp.resolve("files"))) {
      // a secret stored after the rotation, for the new key
      String after = db.store(user, "value-after-rotation", next.publicKey());

      // during the rotation: the old secret still opens (through the previous key)
      var r =
          service.send(
              "PUT",
              "/api/secrets/sessions/rot/files",
              "{\"files\":{\"before\":\"" + before + "\",\"after\":\"" + after + "\"}}",
              SecretsFixture.TOKEN,
              user);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Files.readString(temp.resolve("files/rot/before")))
          .isEqualTo("value-before-rotation");
      assertThat(next.opensWithCurrent(db.encryptedKeyOf(before))).isFalse();

      KeyRotation.Result result = service.context.getBean(KeyRotation.class).rotate();
      assertThat(result.failed()).isZero();
      assertThat(result.rotated()).isGreaterThanOrEqualTo(1);

      // after the job: the new key alone opens it; the old key no longer does
      ServiceKeys nextAlone = new ServiceKeys(next.currentPrivateKey(), Optional.empty());
      SealedSecret stored =
          new SealedSecret(db.encryptedValueOf(before), db.encryptedKeyOf(before));
      byte[] inner = sealing.unsealOuter(user, stored, nextAlone);
      assertThat(sealing.openInnerString(user, db.keyOf(user), inner))
          .isEqualTo("value-before-rotation");
      assertThatThrownBy(() -> sealing.unsealOuter(user, stored, old))
          .isInstanceOf(SecretCryptoException.class);
      assertThat(db.encryptedValueOf(before)).isEqualTo(valueBefore);

      // a second run has nothing left to do
      KeyRotation.Result second = service.context.getBean(KeyRotation.class).rotate();
      assertThat(second.rotated()).isZero();
      assertThat(second.failed()).isZero();
    }

    // and the service started with the new key alone serves the old secret
    try (RunningSecretsService alone =
        new RunningSecretsService(
            Map.of("renku.secrets.private-key-file", nextFile.toString()),
            Optional.empty(),
            temp.resolve("files2"))) {
      var r =
          alone.send(
              "PUT",
              "/api/secrets/sessions/rot2/files",
              "{\"files\":{\"before\":\"" + before + "\"}}",
              SecretsFixture.TOKEN,
              user);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Files.readString(temp.resolve("files2/rot2/before")))
          .isEqualTo("value-before-rotation");
    }
  }
}
