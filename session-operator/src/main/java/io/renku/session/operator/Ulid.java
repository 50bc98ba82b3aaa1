package io.renku.session.operator;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * ULIDs for {@code status.runID}: 48 bits of milliseconds then 80 random bits, in Crockford's
 * base32. The time part tells when the current run started.
 */
final class Ulid {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ulid() {}

  static String generate(Instant time) {
    long millis = time.toEpochMilli();
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    // 80 random bits as 16 characters of 5 bits.
    long hi = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (random[i] & 0xff);
    }
    long lo = 0;
    for (int i = 5; i < 10; i++) {
      lo = (lo << 8) | (random[i] & 0xff);
    }
    for (int i = 7; i >= 0; i--) {
      out[10 + i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
      out[18 + i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  /** The time encoded in a ULID, or {@code null} when {@code ulid} is not one. */
  static Instant timeOf(String ulid) {
    if (ulid == null || ulid.length() != 26) {
      return null;
    }
    long millis = 0;
    for (int i = 0; i < 10; i++) {
      int v = indexOf(Character.toUpperCase(ulid.charAt(i)));
      if (v < 0) {
        return null;
      }
      millis = (millis << 5) | v;
    }
    return Instant.ofEpochMilli(millis);
  }

  private static int indexOf(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
