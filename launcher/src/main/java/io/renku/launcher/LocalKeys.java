package io.renku.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair local mode signs its access tokens with, kept in the data directory so that
 * tokens stay valid across restarts. The directory (0700) and the files (0600) are the platform
 * user's alone.
 */
public record LocalKeys(
    RSAPublicKey publicKey, RSAPrivateKey privateKey, Path publicKeyFile, Path privateKeyFile) {

  public static LocalKeys loadOrCreate(Path dir) {
    try {
      OwnerOnly.directory(dir);
      Path priv = dir.resolve("token-signing-key.pem");
      Path pub = dir.resolve("token-signing-key.pub.pem");
      if (!Files.exists(priv) || !Files.exists(pub)) {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        // 0600 from creation: a key written first and narrowed after could be read in between.
        OwnerOnly.replaceFile(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        OwnerOnly.replaceFile(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      }
      OwnerOnly.narrow(priv);
      OwnerOnly.narrow(pub);
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPublicKey publicKey =
          (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(Files.readString(pub))));
      RSAPrivateKey privateKey =
          (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(priv))));
      return new LocalKeys(publicKey, privateKey, pub, priv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create or read the local token keys in " + dir, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] der(String pem) {
    return Base64.getDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }
}
