package io.renku.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceKeysTest {
  private static final ServiceKeys KEYS = ServiceKeys.generate(2048);

  @TempDir Path dir;

  @Test
  void pemWriteAndLoadRoundTripWithTheRightModes() throws Exception {
    Path priv = dir.resolve("private.pem");
    Path pub = dir.resolve("public.pem");

    KEYS.write(priv, pub);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pub)))
        .isEqualTo("rw-r--r--");
    assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----\n");
    ServiceKeys loaded = ServiceKeys.load(priv, Optional.empty());
    assertThat(loaded.currentPrivateKey()).isEqualTo(KEYS.currentPrivateKey());
    assertThat(Pem.readPublicKey(pub)).isEqualTo(KEYS.publicKey());
    assertThat(loaded.decrypt(ServiceKeys.encrypt(Pem.readPublicKey(pub), new byte[] {42})))
        .containsExactly(42);
  }

  @Test
  void aKeyFileIsNeverOverwritten() throws Exception {
    Path priv = dir.resolve("private.pem");
    Files.writeString(priv, "keep me");

    assertThatThrownBy(() -> Pem.writePrivateKey(priv, KEYS.currentPrivateKey()))
        .isInstanceOfSatisfying(
            SecretCryptoException.class,
            e -> assertThat(e.failure()).isEqualTo(SecretCryptoException.Failure.KEY_FILE));
    assertThat(Files.readString(priv)).isEqualTo("keep me");
  }

  @Test
  void loadOrGenerateMakesA3072BitPairOnceThenLoadsIt() throws Exception {
    Path priv = dir.resolve("secrets/private.pem");
    Path pub = dir.resolve("secrets/public.pem");
    Files.createDirectories(priv.getParent());

    ServiceKeys made = ServiceKeys.loadOrGenerate(priv, pub);
    ServiceKeys again = ServiceKeys.loadOrGenerate(priv, pub);

    assertThat(made.publicKey().getModulus().bitLength()).isEqualTo(3072);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .isEqualTo("rw-------");
    assertThat(again.currentPrivateKey()).isEqualTo(made.currentPrivateKey());
    assertThat(Pem.readPublicKey(pub)).isEqualTo(made.publicKey());
  }

  @Test
  void loadOrGenerateRefusesAPublicKeyWithoutItsPrivateKey() throws Exception {
    Path priv = dir.resolve("private.pem");
    Path pub = dir.resolve("public.pem");
    Pem.writePublicKey(pub, KEYS.publicKey());

    assertThatThrownBy(() -> ServiceKeys.loadOrGenerate(priv, pub))
        .isInstanceOf(SecretCryptoException.class);
    assertThat(priv).doesNotExist();
  }

  @Test
  void keysThatAreNotPkcs8OrSpkiAreRefusedWithoutTheirContentInTheMessage() throws Exception {
    Path pkcs1 = dir.resolve("rsa.pem");
    String body = "MIIEowIBAAKCAQEAplantedplantedplanted";
    Files.writeString(
        pkcs1, "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n");
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(
        garbage, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");

    assertThatThrownBy(() -> Pem.readPrivateKey(pkcs1))
        .isInstanceOfSatisfying(
            SecretCryptoException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(SecretCryptoException.Failure.INVALID_KEY);
              assertThat(e.getMessage()).contains("rsa.pem").doesNotContain("planted");
            });
    assertThatThrownBy(() -> Pem.readPublicKey(garbage))
        .isInstanceOfSatisfying(
            SecretCryptoException.class, e -> assertThat(e.getMessage()).doesNotContain("planted"));
    assertThatThrownBy(() -> Pem.readPublicKey(dir.resolve("missing.pem")))
        .isInstanceOfSatisfying(
            SecretCryptoException.class,
            e -> assertThat(e.failure()).isEqualTo(SecretCryptoException.Failure.KEY_FILE));
  }

  @Test
  void oaepIsSha256WithMgf1Sha256AndRandomized() throws Exception {
    byte[] one = ServiceKeys.encrypt(KEYS.publicKey(), new byte[] {7});
    byte[] two = ServiceKeys.encrypt(KEYS.publicKey(), new byte[] {7});
    assertThat(one).isNotEqualTo(two);

    // the explicit JDK transformation with SHA-256 for both the digest and MGF1 opens it
    javax.crypto.Cipher rsa = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(
        javax.crypto.Cipher.DECRYPT_MODE,
        KEYS.currentPrivateKey(),
        new javax.crypto.spec.OAEPParameterSpec(
            "SHA-256",
            "MGF1",
            java.security.spec.MGF1ParameterSpec.SHA256,
            javax.crypto.spec.PSource.PSpecified.DEFAULT));
    assertThat(rsa.doFinal(one)).containsExactly(7);
  }

  @Test
  void smallKeysAreRefused() {
    assertThatThrownBy(() -> ServiceKeys.generate(1024))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
