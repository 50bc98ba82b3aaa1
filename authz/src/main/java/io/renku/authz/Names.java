package io.renku.authz;

import java.util.regex.Pattern;

/**
 * SpiceDB's own syntax rules (from the authzed.api.v1 proto validation), checked on our side so a
 * bad name fails fast with {@link IllegalArgumentException} instead of a round trip.
 */
final class Names {

  private static final Pattern TYPE =
      Pattern.compile("([a-z][a-z0-9_]{1,61}[a-z0-9]/)*[a-z][a-z0-9_]{1,62}[a-z0-9]");
  private static final Pattern RELATION = Pattern.compile("[a-z][a-z0-9_]{1,62}[a-z0-9]");
  private static final Pattern OBJECT_ID = Pattern.compile("[a-zA-Z0-9/_|\\-=+]{1,1024}");

  static final String WILDCARD = "*";

  private Names() {}

  static String type(String value, String what) {
    require(value != null && value.length() <= 128 && TYPE.matcher(value).matches(), what, value);
    return value;
  }

  static String relation(String value, String what) {
    require(value != null && RELATION.matcher(value).matches(), what, value);
    return value;
  }

  static String objectId(String value, String what) {
    require(value != null && OBJECT_ID.matcher(value).matches(), what, value);
    return value;
  }

  static String subjectId(String value, String what) {
    return WILDCARD.equals(value) ? value : objectId(value, what);
  }

  /** Blank optional values mean "not given". */
  static String optional(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static void require(boolean valid, String what, String value) {
    if (!valid) {
      throw new IllegalArgumentException("invalid " + what + ": " + quote(value));
    }
  }

  private static String quote(String value) {
    return value == null ? "null" : '"' + value + '"';
  }
}
