package io.renku.search.query;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The original's slug from a name (for {@code @username}): lower case, whitespace to dashes,
 * accents dropped, other characters to dashes, no repeated or edge separators, no {@code
 * .git}/{@code .atom} ending. Empty when nothing is left.
 */
final class Slugs {

  private static final Pattern INVALID = Pattern.compile("[^A-Za-z0-9_.-]");
  private static final Pattern REPEATED = Pattern.compile("([._-])[._-]+");
  private static final Pattern EDGE_START = Pattern.compile("^[._-]");
  private static final Pattern EDGE_END = Pattern.compile("[._-]$");
  private static final Pattern GIT_END = Pattern.compile("(\\.atom|\\.git)+$");

  private Slugs() {}

  static Optional<String> fromName(String name) {
    String current = name;
    // one pass is idempotent for the inputs seen; loop to be sure the result is a fixpoint
    for (int i = 0; i < 4; i++) {
      String next = once(current);
      if (next.equals(current)) {
        break;
      }
      current = next;
    }
    return current.isEmpty() ? Optional.empty() : Optional.of(current);
  }

  private static String once(String name) {
    StringBuilder dashed = new StringBuilder();
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (Values.isWhitespace(c)) {
        dashed.append('-');
        while (i + 1 < lower.length() && Values.isWhitespace(lower.charAt(i + 1))) {
          i++;
        }
      } else {
        dashed.append(c);
      }
    }
    String decomposed = Normalizer.normalize(dashed, Normalizer.Form.NFKD);
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (c < 0x80) {
        ascii.append(c);
      }
    }
    String s = INVALID.matcher(ascii).replaceAll("-");
    s = REPEATED.matcher(s).replaceAll("$1");
    s = EDGE_START.matcher(s).replaceAll("");
    s = EDGE_END.matcher(s).replaceAll("");
    s = GIT_END.matcher(s).replaceAll("");
    // the decomposition can yield capitals (e.g. from letter-like symbols): lower once more
    return s.toLowerCase(Locale.ROOT);
  }
}
