package io.renku.core;

import java.util.Locale;
import java.util.regex.Pattern;

/** The slug rules of the Renku API: what a valid slug is and how one is derived from a name. */
public final class Slugs {
  public static final int MAX_LENGTH = 99;
  private static final Pattern VALID =
      Pattern.compile("^(?!.*\\.git$|.*\\.atom$|.*[\\-._][\\-._].*)[a-z0-9][a-z0-9\\-_.]*$");

  private Slugs() {}

  public static boolean isValid(String slug) {
    return slug != null
        && !slug.isEmpty()
        && slug.length() <= MAX_LENGTH
        && VALID.matcher(slug).matches();
  }

  /** Throws a 422 naming {@code field} when {@code slug} breaks the rules. */
  public static String require(String field, String slug) {
    if (!isValid(slug)) {
      throw RenkuException.validation(
          field,
          "must be 1 to 99 lower-case letters, digits, '-', '_' or '.', start with a letter or"
              + " digit, not contain two separators in a row and not end in .git or .atom");
    }
    return slug;
  }

  /**
   * Derives a slug from a display name: lower-case, every run of characters outside {@code
   * [a-z0-9]} becomes one '-', no separator at either end, no .git/.atom suffix. Returns {@code
   * fallback} when nothing usable is left.
   */
  public static String fromName(String name, String fallback) {
    String s = name == null ? "" : name.toLowerCase(Locale.ROOT);
    s = s.replaceAll("[^a-z0-9._\\-]+", "-");
    s = s.replaceAll("[\\-._]{2,}", "-");
    s = s.replaceAll("^[\\-._]+", "").replaceAll("[\\-._]+$", "");
    while (s.endsWith(".git") || s.endsWith(".atom")) {
      s = s.substring(0, s.lastIndexOf('.'));
      s = s.replaceAll("[\\-._]+$", "");
    }
    if (s.length() > MAX_LENGTH) {
      s = s.substring(0, MAX_LENGTH).replaceAll("[\\-._]+$", "");
    }
    return isValid(s) ? s : fallback;
  }
}
