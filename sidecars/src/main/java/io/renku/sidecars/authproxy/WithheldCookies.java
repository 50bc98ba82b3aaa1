package io.renku.sidecars.authproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cookies the proxy keeps from the session. The browser sends every cookie of the platform's host
 * to {@code /sessions/<name>/}, among them the platform's own login ({@code _renku_session}) and
 * visitor ({@code _renku_anon}) cookies: forwarded, they would let the program in the session (an
 * image anyone can publish) act on the platform as the person looking at it. The Go proxy forwards
 * them; ours removes them, and the cookie holding the session's own credential, before forwarding.
 */
final class WithheldCookies {
  private final Set<String> names;

  WithheldCookies(Set<String> names) {
    this.names = Set.copyOf(names);
  }

  boolean isEmpty() {
    return names.isEmpty();
  }

  /**
   * A {@code Cookie} field without the withheld pairs, or empty when none is left. Pairs are split
   * on ';' as browsers send them; a pair without '=' is kept as it came.
   */
  Optional<String> filter(String cookieField) {
    List<String> kept = new ArrayList<>();
    boolean dropped = false;
    for (String part : cookieField.split(";")) {
      String pair = part.strip();
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = (eq < 0 ? pair : pair.substring(0, eq)).strip();
      if (names.contains(name)) {
        dropped = true;
        continue;
      }
      kept.add(pair);
    }
    if (!dropped) {
      return Optional.of(cookieField);
    }
    return kept.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", kept));
  }
}
