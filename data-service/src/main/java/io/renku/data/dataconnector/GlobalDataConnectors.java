package io.renku.data.dataconnector;

import java.util.Locale;

/** Global data connectors: public, owned by nobody, one per DOI. */
final class GlobalDataConnectors {
  private GlobalDataConnectors() {}

  /** A DOI without its {@code doi:} or resolver prefix, in lower case (DOIs are case-blind). */
  static String normalizeDoi(String doi) {
    String d = doi.strip();
    for (String prefix :
        new String[] {"doi:", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/"}) {
      if (d.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        d = d.substring(prefix.length());
      }
    }
    return d.toLowerCase(Locale.ROOT);
  }
}
