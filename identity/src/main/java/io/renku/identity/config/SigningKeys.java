package io.renku.identity.config;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key tokens are signed with. Local mode hands over the key pair kept in its data directory
 * (the one {@code ./renku token} signs with too), so tokens survive restarts and the data service
 * verifies them with the matching public key file. Without files, a fresh key is made for this run
 * only.
 */
final class SigningKeys {
  private SigningKeys() {}

  static RSAKey load(String privateKeyFile, String publicKeyFile) {
    try {
      RSAPublicKey pub;
      RSAPrivateKey priv;
      if (privateKeyFile == null || privateKeyFile.isBlank()) {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        pub = (RSAPublicKey) pair.getPublic();
        priv = (RSAPrivateKey) pair.getPrivate();
      } else {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        priv =
            (RSAPrivateKey)
                rsa.generatePrivate(new PKCS8EncodedKeySpec(der(Path.of(privateKeyFile))));
        pub =
            (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(Path.of(publicKeyFile))));
      }
      RSAKey key = new RSAKey.Builder(pub).privateKey(priv).build();
      return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
    } catch (IOException | GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("cannot load the token signing key", e);
    }
  }

  private static byte[] der(Path pem) throws IOException {
    return Base64.getDecoder()
        .decode(Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }
}
