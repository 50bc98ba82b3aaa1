package io.renku.gateway.login;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts token sets before they are stored in a login session (AES-256-GCM, a fresh 12-byte nonce
 * per encryption, prepended). A dump of the session table or of Redis therefore holds no usable
 * token. Decryption fails with {@link IllegalStateException} when the key changed or the bytes were
 * altered; the caller treats that session as logged out.
 *
 * <p>Every request of a logged-in browser needs its tokens, so up to {@value #REMEMBERED} sealed
 * values decrypted are remembered with their token sets, all forgotten at once when full (AES-GCM
 * per request was a twentieth of a logged-in request's CPU, most of it looking the cipher up). A
 * sealed value is authenticated: the same bytes under the same key can only ever open to the same
 * tokens, and a new nonce per encryption makes every stored value new. The access tokens remembered
 * here are the ones the data service keeps verified in its own memory anyway.
 */
public final class TokenCipher {
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  static final int REMEMBERED = 1024;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  private final Map<Sealed, TokenSet> opened = new ConcurrentHashMap<>();

  /**
   * A sealed value as a key of {@link #opened}: hashed by its length and nonce only, compared
   * whole. The nonce is random per encryption, so it spreads the keys as well as all the bytes
   * would; hashing the whole value (a kilobyte and more with a JWT inside, as {@code ByteBuffer}
   * does on every call) was most of what a remembered look-up cost.
   */
  private record Sealed(byte[] bytes, int hash) {
    static Sealed of(byte[] bytes) {
      int h = bytes.length;
      for (int i = 0; i < Math.min(NONCE, bytes.length); i++) {
        h = 31 * h + bytes[i];
      }
      return new Sealed(bytes, h);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sealed other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public String toString() {
      return "Sealed[" + bytes.length + " bytes]";
    }
  }

  /** {@code base64Key}: base64 of exactly 32 bytes. */
  public TokenCipher(String base64Key) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.strip());
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "renku.gateway.session.token-encryption-key must be base64 of 32 random bytes"
              + " (for example: head -c32 /dev/urandom | base64)");
    }
    this.key = new SecretKeySpec(raw, "AES");
  }

  public byte[] encrypt(TokenSet tokens) {
    try {
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(plain)) {
        writeString(out, tokens.accessToken());
        out.writeLong(tokens.accessExpiresAt().getEpochSecond());
        writeString(out, tokens.refreshToken());
        out.writeLong(
            tokens.refreshExpiresAt() == null ? -1 : tokens.refreshExpiresAt().getEpochSecond());
        writeString(out, tokens.idToken());
      }
      byte[] nonce = new byte[NONCE];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain.toByteArray());
      byte[] result = new byte[NONCE + sealed.length];
      System.arraycopy(nonce, 0, result, 0, NONCE);
      System.arraycopy(sealed, 0, result, NONCE, sealed.length);
      return result;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt tokens", e);
    }
  }

  public TokenSet decrypt(byte[] sealed) {
    TokenSet known = opened.get(Sealed.of(sealed));
    if (known != null) {
      return known;
    }
    TokenSet tokens = open(sealed);
    if (opened.size() >= REMEMBERED) {
      opened.clear(); // old logins and replaced token sets: not worth tracking which
    }
    opened.put(Sealed.of(sealed.clone()), tokens);
    return tokens;
  }

  private TokenSet open(byte[] sealed) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
      byte[] plain = cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
        String access = readString(in);
        Instant accessExp = Instant.ofEpochSecond(in.readLong());
        String refresh = readString(in);
        long refreshExp = in.readLong();
        String id = readString(in);
        return new TokenSet(
            access,
            accessExp,
            refresh,
            refreshExp < 0 ? null : Instant.ofEpochSecond(refreshExp),
            id);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException("stored tokens cannot be decrypted", e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
