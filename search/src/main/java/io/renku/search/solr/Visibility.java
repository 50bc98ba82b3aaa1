package io.renku.search.solr;

import java.util.Locale;

/** An entity's visibility as the documents store it ({@code public}, {@code private}). */
public enum Visibility {
  PUBLIC,
  PRIVATE;

  public String solrName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Visibility fromSolr(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
