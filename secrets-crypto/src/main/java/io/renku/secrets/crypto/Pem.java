package io.renku.secrets.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * RSA keys in PEM: private keys as PKCS#8 ({@code BEGIN PRIVATE KEY}), public keys as X.509
 * SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), the forms Python's {@code
 * load_pem_private_key}/{@code load_pem_public_key} read and {@code openssl genpkey} writes.
 */
public final class Pem {
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private Pem() {}

  public static RSAPrivateCrtKey readPrivateKey(Path file) {
    return parsePrivateKey(read(file), file.toString());
  }

  public static RSAPublicKey readPublicKey(Path file) {
    return parsePublicKey(read(file), file.toString());
  }

  static RSAPrivateCrtKey parsePrivateKey(String pem, String where) {
    try {
      var key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(body(pem, PRIVATE, where)));
      if (key instanceof RSAPrivateCrtKey crt) {
        return crt;
      }
    } catch (GeneralSecurityException e) {
      // below: the provider's message could quote the key
    }
    throw new SecretCryptoException(SecretCryptoException.Failure.INVALID_KEY, where, null);
  }

  static RSAPublicKey parsePublicKey(String pem, String where) {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(body(pem, PUBLIC, where)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new SecretCryptoException(SecretCryptoException.Failure.INVALID_KEY, where, null);
    }
  }

  /** The public half of a private key (a PKCS#8 RSA key carries the modulus and exponent). */
  public static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no RSA key factory", e);
    }
  }

  /** Writes a new private key file, readable and writable by its owner only (0600). */
  public static void writePrivateKey(Path file, RSAPrivateCrtKey key) {
    write(file, text(PRIVATE, key.getEncoded()), true);
  }

  /** Writes a new public key file (0644: it is no secret). */
  public static void writePublicKey(Path file, RSAPublicKey key) {
    write(file, text(PUBLIC, key.getEncoded()), false);
  }

  static String text(String type, byte[] der) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
  }

  private static byte[] body(String pem, String type, String where) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      // e.g. "BEGIN RSA PRIVATE KEY" (PKCS#1): convert with `openssl pkcs8 -topk8 -nocrypt`
      throw new SecretCryptoException(SecretCryptoException.Failure.INVALID_KEY, where, null);
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new SecretCryptoException(SecretCryptoException.Failure.INVALID_KEY, where, null);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new SecretCryptoException(SecretCryptoException.Failure.KEY_FILE, file.toString(), e);
    }
  }

  /**
   * Creates the file with its final mode before any byte is written (no moment where a private key
   * is readable by others), and refuses to overwrite: a key file replaced by mistake makes every
   * stored secret unreadable.
   */
  private static void write(Path file, String text, boolean ownerOnly) {
    try {
      Set<PosixFilePermission> mode =
          ownerOnly ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--");
      Files.createFile(file, PosixFilePermissions.asFileAttribute(mode));
      // createFile's mode is masked by the umask; set it again so that it is exactly this one.
      Files.setPosixFilePermissions(file, mode);
      Files.writeString(
          file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      // FileAlreadyExistsException included: the message names the file, never the key
      throw new SecretCryptoException(SecretCryptoException.Failure.KEY_FILE, file.toString(), e);
    }
  }
}
