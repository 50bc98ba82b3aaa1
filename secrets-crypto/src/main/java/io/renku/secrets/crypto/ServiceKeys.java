package io.renku.secrets.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The secrets service's RSA keys: the current private key (its public half is what the data service
 * encrypts with) and, during a rotation, the previous private key, so that values sealed before the
 * rotation still open until they are {@linkplain SecretSealing#reseal resealed}.
 *
 * <p>RSA is OAEP with SHA-256 and MGF1-SHA-256 and no label, as the original's {@code
 * encrypt_rsa}/{@code decrypt_rsa}. (The JDK's {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding} would
 * use MGF1-SHA-1, hence the explicit parameters.)
 */
public final class ServiceKeys {
  /** The size of keys made by {@link #generate}. */
  public static final int GENERATED_BITS = 3072;

  private static final OAEPParameterSpec OAEP =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

  private final RSAPrivateCrtKey current;
  private final RSAPublicKey publicKey;
  private final Optional<RSAPrivateCrtKey> previous;

  public ServiceKeys(RSAPrivateCrtKey current, Optional<RSAPrivateCrtKey> previous) {
    this.current = current;
    this.publicKey = Pem.publicOf(current);
    this.previous = previous;
  }

  /** The keys of {@code SECRETS_SERVICE_PRIVATE_KEY_PATH} and the optional previous key's file. */
  public static ServiceKeys load(Path privateKey, Optional<Path> previousPrivateKey) {
    return new ServiceKeys(
        Pem.readPrivateKey(privateKey), previousPrivateKey.map(Pem::readPrivateKey));
  }

  /** A new key pair of {@link #GENERATED_BITS} bits, no previous key. */
  public static ServiceKeys generate() {
    return generate(GENERATED_BITS);
  }

  /** A new key pair of {@code bits} bits (at least 2048), no previous key. */
  public static ServiceKeys generate(int bits) {
    if (bits < 2048) {
      throw new IllegalArgumentException("RSA keys under 2048 bits are refused");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return new ServiceKeys(
          (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate(), Optional.empty());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make RSA keys", e);
    }
  }

  /**
   * Local mode: the keys in {@code privateKey} (with its public half in {@code publicKey}), made
   * and written first if {@code privateKey} does not exist yet (private 0600, public 0644).
   */
  public static ServiceKeys loadOrGenerate(Path privateKey, Path publicKey) {
    if (Files.exists(privateKey)) {
      ServiceKeys keys = load(privateKey, Optional.empty());
      if (!Files.exists(publicKey)) {
        Pem.writePublicKey(publicKey, keys.publicKey());
      }
      return keys;
    }
    if (Files.exists(publicKey)) {
      // a public key without its private key: whatever was sealed with it is lost; say so rather
      // than silently replace it
      throw new SecretCryptoException(
          SecretCryptoException.Failure.KEY_FILE, privateKey.toString(), null);
    }
    ServiceKeys keys = generate();
    keys.write(privateKey, publicKey);
    return keys;
  }

  /**
   * These keys after a rotation to {@code next}: {@code next} current, today's current previous.
   */
  public ServiceKeys rotatedTo(RSAPrivateCrtKey next) {
    return new ServiceKeys(next, Optional.of(current));
  }

  /** Writes the current private key (0600) and its public half (0644) to new files. */
  public void write(Path privateKey, Path publicKey) {
    Pem.writePrivateKey(privateKey, current);
    Pem.writePublicKey(publicKey, this.publicKey);
  }

  /** The public half of the current key: what the data service encrypts with. */
  public RSAPublicKey publicKey() {
    return publicKey;
  }

  public RSAPrivateCrtKey currentPrivateKey() {
    return current;
  }

  public Optional<RSAPrivateCrtKey> previousPrivateKey() {
    return previous;
  }

  /** RSA-OAEP(SHA-256) of {@code data} (at most 190 bytes for a 2048-bit key) with a public key. */
  public static byte[] encrypt(RSAPublicKey key, byte[] data) {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, key, OAEP);
      return rsa.doFinal(data);
    } catch (javax.crypto.IllegalBlockSizeException e) {
      throw new IllegalArgumentException("too long for RSA-OAEP with this key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot do RSA-OAEP with SHA-256", e);
    }
  }

  /**
   * Opens {@code encrypted} with the current private key or, failing that, with the previous one
   * (the original's order); {@link SecretCryptoException} ({@code KEY_UNWRAP}) if neither opens it.
   */
  public byte[] decrypt(byte[] encrypted) {
    Optional<byte[]> opened = decryptWith(current, encrypted);
    if (opened.isEmpty() && previous.isPresent()) {
      opened = decryptWith(previous.get(), encrypted);
    }
    return opened.orElseThrow(
        () -> new SecretCryptoException(SecretCryptoException.Failure.KEY_UNWRAP));
  }

  /** Whether the current key alone opens {@code encrypted} (then a rotation has nothing to do). */
  public boolean opensWithCurrent(byte[] encrypted) {
    return decryptWith(current, encrypted).isPresent();
  }

  private static Optional<byte[]> decryptWith(RSAPrivateCrtKey key, byte[] encrypted) {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.DECRYPT_MODE, key, OAEP);
      return Optional.of(rsa.doFinal(encrypted));
    } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      return Optional.empty();
    } catch (java.security.InvalidKeyException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot do RSA-OAEP with SHA-256", e);
    }
  }

  /** Never a key. */
  @Override
  public String toString() {
    return "ServiceKeys["
        + publicKey.getModulus().bitLength()
        + " bits, previous: "
        + previous.isPresent()
        + "]";
  }
}
