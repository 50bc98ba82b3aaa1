package io.renku.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The whole scheme: seal (data service), unsealOuter (secrets service), openInner (session). */
class SecretSealingTest {
  private static final String PLANTED = "planted-secret-value-0xC0FFEE";
  private static final String USER = "user-7f3a";

  // 2048 bits: the scheme does not depend on the size, and tests make several pairs
  private static final ServiceKeys A = ServiceKeys.generate(2048);
  private static final ServiceKeys B = ServiceKeys.generate(2048);

  private final SecretSealing sealing = new SecretSealing();
  private final UserSecretKey userKey = UserKeys.newKey();

  @Test
  void sealUnsealOuterOpenInnerRoundTrip() {
    SealedSecret sealed = sealing.seal(USER, userKey, PLANTED, A.publicKey());

    byte[] inner = sealing.unsealOuter(USER, sealed, A);
    String value = sealing.openInnerString(USER, userKey, inner);

    assertThat(value).isEqualTo(PLANTED);
    assertThat(new String(sealed.encryptedValue(), StandardCharsets.US_ASCII))
        .doesNotContain(PLANTED);
    assertThat(new String(inner, StandardCharsets.US_ASCII))
        .doesNotContain(PLANTED)
        .startsWith("gAAAAA");
  }

  @Test
  void binaryValuesSurviveTheRoundTrip() {
    byte[] value = new byte[300];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    SealedSecret sealed = sealing.seal(USER, userKey, value, A.publicKey());

    assertThat(sealing.openInner(USER, userKey, sealing.unsealOuter(USER, sealed, A)))
        .isEqualTo(value);
  }

  @Test
  void aRotatedServiceKeyStillDecryptsOldSecretsAndResealMovesThemToTheNewKey() {
    SealedSecret underA = sealing.seal(USER, userKey, PLANTED, A.publicKey());
    // the service rotated: B current, A kept as the previous key
    ServiceKeys rotated =
        new ServiceKeys(B.currentPrivateKey(), Optional.of(A.currentPrivateKey()));

    // old secrets still open
    assertThat(sealing.openInnerString(USER, userKey, sealing.unsealOuter(USER, underA, rotated)))
        .isEqualTo(PLANTED);
    assertThat(rotated.opensWithCurrent(underA.encryptedKey())).isFalse();

    // reseal: the value is now under B and opens with B alone
    SealedSecret underB =
        new SealedSecret(
            underA.encryptedValue(), sealing.reseal(underA.encryptedKey(), rotated, B.publicKey()));
    assertThat(rotated.opensWithCurrent(underB.encryptedKey())).isTrue();
    assertThat(sealing.openInnerString(USER, userKey, sealing.unsealOuter(USER, underB, B)))
        .isEqualTo(PLANTED);
    // and no longer with A alone
    assertKeyUnwrap(() -> sealing.unsealOuter(USER, underB, A));
  }

  @Test
  void withoutThePreviousKeyAnOldSecretDoesNotOpen() {
    SealedSecret underA = sealing.seal(USER, userKey, PLANTED, A.publicKey());

    assertKeyUnwrap(() -> sealing.unsealOuter(USER, underA, B));
    assertKeyUnwrap(() -> sealing.reseal(underA.encryptedKey(), B, B.publicKey()));
  }

  @Test
  void rotatedToKeepsTheFormerCurrentKeyAsPrevious() {
    SealedSecret underA = sealing.seal(USER, userKey, PLANTED, A.publicKey());

    ServiceKeys rotated = A.rotatedTo(B.currentPrivateKey());

    assertThat(rotated.publicKey()).isEqualTo(B.publicKey());
    assertThat(rotated.previousPrivateKey()).contains(A.currentPrivateKey());
    assertThat(sealing.openInnerString(USER, userKey, sealing.unsealOuter(USER, underA, rotated)))
        .isEqualTo(PLANTED);
  }

  @Test
  void theDataServiceCannotOpenTheOuterLayerWithoutThePrivateKey() {
    // The data service holds the user's key but not the service's private key: the user's key
    // does not open the stored value, and no other key pair unwraps k.
    SealedSecret sealed = sealing.seal(USER, userKey, PLANTED, A.publicKey());

    assertInvalidToken(() -> sealing.openInner(USER, userKey, sealed.encryptedValue()));
    assertKeyUnwrap(() -> sealing.unsealOuter(USER, sealed, ServiceKeys.generate(2048)));
  }

  @Test
  void theSecretsServiceCannotOpenTheInnerLayerWithoutTheUsersKey() {
    SealedSecret sealed = sealing.seal(USER, userKey, PLANTED, A.publicKey());
    byte[] inner = sealing.unsealOuter(USER, sealed, A);

    // another user's key, or the random k the secrets service just unwrapped: neither opens it
    assertInvalidToken(() -> sealing.openInner(USER, UserKeys.newKey(), inner));
    byte[] k = A.decrypt(sealed.encryptedKey());
    assertInvalidToken(() -> SecretBox.uncached().decrypt(k, USER, inner));
  }

  @Test
  void anotherUsersIdOpensNeitherLayer() {
    SealedSecret sealed = sealing.seal(USER, userKey, PLANTED, A.publicKey());

    assertInvalidToken(() -> sealing.unsealOuter("someone-else", sealed, A));
    byte[] inner = sealing.unsealOuter(USER, sealed, A);
    assertInvalidToken(() -> sealing.openInner("someone-else", userKey, inner));
  }

  @Test
  void aTamperedValueOrKeyIsRefused() {
    SealedSecret sealed = sealing.seal(USER, userKey, PLANTED, A.publicKey());
    byte[] value = sealed.encryptedValue();
    value[value.length / 2] = (byte) (value[value.length / 2] == 'A' ? 'B' : 'A');
    byte[] key = sealed.encryptedKey();
    key[0] ^= 1;

    assertInvalidToken(() -> sealing.unsealOuter(USER, value, sealed.encryptedKey(), A));
    assertKeyUnwrap(() -> sealing.unsealOuter(USER, sealed.encryptedValue(), key, A));
  }

  @Test
  void noSecretInToString() {
    SealedSecret sealed = sealing.seal(USER, userKey, PLANTED, A.publicKey());

    assertThat(sealed.toString()).doesNotContain(PLANTED).doesNotContain("gAAAAA");
    assertThat(userKey.toString()).doesNotContain(userKey.text());
    assertThat(A.toString())
        .doesNotContain(A.publicKey().getModulus().toString(16).substring(0, 16));
  }

  private static void assertInvalidToken(ThrowingCallable call) {
    assertFailure(call, SecretCryptoException.Failure.INVALID_TOKEN);
  }

  private static void assertKeyUnwrap(ThrowingCallable call) {
    assertFailure(call, SecretCryptoException.Failure.KEY_UNWRAP);
  }

  private static void assertFailure(ThrowingCallable call, SecretCryptoException.Failure failure) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SecretCryptoException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(failure);
              assertThat(e.getMessage()).doesNotContain(PLANTED);
              assertThat(e.getCause()).isNull();
            });
  }
}
