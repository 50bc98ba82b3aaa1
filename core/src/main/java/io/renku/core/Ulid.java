package io.renku.core;

import java.util.regex.Pattern;

/**
 * ULIDs: 48 bits of millisecond time and 80 random bits in Crockford base32, 26 characters. Used as
 * ids for namespaces, groups and projects, as in the original Renku.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final Pattern PATTERN = Pattern.compile("^[0-7][0-9A-HJKMNP-TV-Z]{25}$");

  private Ulid() {}

  public static String next() {
    return of(System.currentTimeMillis(), RandomBytes.instance());
  }

  static String of(long millis, java.util.Random random) {
    char[] out = new char[26];
    long time = millis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    byte[] bytes = new byte[10];
    random.nextBytes(bytes);
    // 80 random bits -> 16 base32 characters.
    long hi = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (bytes[i] & 0xff);
    }
    long lo = 0;
    for (int i = 5; i < 10; i++) {
      lo = (lo << 8) | (bytes[i] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }
}
