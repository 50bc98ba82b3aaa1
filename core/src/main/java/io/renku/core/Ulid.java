package io.renku.core;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * ULIDs: 48 bits of millisecond time and 80 random bits in Crockford base32, 26 characters. Used as
 * ids for namespaces, groups and projects, as in the original Renku, and by the session operator as
 * {@code status.runID}, whose time part tells when the current run started.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final Pattern PATTERN = Pattern.compile("^[0-7][0-9A-HJKMNP-TV-Z]{25}$");

  private Ulid() {}

  public static String next() {
    return of(System.currentTimeMillis(), RandomBytes.instance());
  }

  /** A new ULID whose time part is {@code time} (the operator's run id of a run started then). */
  public static String at(Instant time) {
    return of(time.toEpochMilli(), RandomBytes.instance());
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

  /**
   * The time encoded in a ULID, or {@code null} when {@code ulid} is not 26 characters of the
   * alphabet (either case; only the time part is read).
   */
  public static Instant timeOf(String ulid) {
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
