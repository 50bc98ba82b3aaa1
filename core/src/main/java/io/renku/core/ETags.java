package io.renku.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags as the original computes them: a quoted upper-case MD5 of the parts (usually the
 * update time), so a tag changes exactly when the entity does.
 */
public final class ETags {
  private ETags() {}

  public static String of(String... parts) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      byte[] digest = md5.digest(String.join("-", parts).getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().withUpperCase().formatHex(digest) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is always available", e);
    }
  }

  /**
   * Enforces an {@code If-Match} precondition: 428 when missing, 409 when it names another version.
   */
  public static void requireMatch(String ifMatch, String current) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw RenkuException.preconditionRequired("If-Match header not provided.");
    }
    String given = ifMatch.trim();
    if (given.equals("*")) {
      return;
    }
    if (!unquote(given).equals(unquote(current))) {
      throw RenkuException.conflict("Current ETag is " + current + ", not " + given + ".");
    }
  }

  /** Whether an {@code If-None-Match} header names the current version. */
  public static boolean matchesNone(String ifNoneMatch, String current) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || unquote(t.replaceFirst("^W/", "")).equals(unquote(current))) {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String tag) {
    String t = tag.trim();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }
}
