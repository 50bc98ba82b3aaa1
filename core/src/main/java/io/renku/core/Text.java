package io.renku.core;

/**
 * Escaping for the few places that write HTML or JSON by hand (error pages, filters), and the
 * checks of ids that clients send in headers.
 */
public final class Text {
  private Text() {}

  /**
   * Whether {@code s} is 1 to 64 characters of {@code [A-Za-z0-9._-]}: what a request id given by a
   * client must be to be echoed and logged. A loop rather than a regex: it runs on every request.
   */
  public static boolean isSafeId(String s) {
    return isIdOf(s, true);
  }

  /** As {@link #isSafeId} without dots ({@code [A-Za-z0-9_-]}): an anonymous visitor's id. */
  public static boolean isSafeAnonymousId(String s) {
    return isIdOf(s, false);
  }

  private static boolean isIdOf(String s, boolean dots) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '_'
              || c == '-'
              || c == '.' && dots;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code s} safe inside HTML text and attribute values; null becomes "". */
  public static String html(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code s} as a JSON string literal, quotes included, escaped exactly as the services' Jackson
   * escapes it (short forms for the five control characters that have one, "u00XX" escapes in upper
   * case for the others, nothing else escaped), so that a body written by hand and one written by
   * Jackson are the same bytes.
   */
  public static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
