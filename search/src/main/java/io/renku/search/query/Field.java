package io.renku.search.query;

import java.util.Locale;
import java.util.Optional;

/** The fields a term can name; the key is what the query spells (matched case-insensitively). */
public enum Field {
  ID("id"),
  NAME("name"),
  SLUG("slug"),
  VISIBILITY("visibility"),
  CREATED("created"),
  CREATED_BY("createdby"),
  TYPE("type"),
  ROLE("role"),
  KEYWORD("keyword"),
  NAMESPACE("namespace"),
  DIRECT_MEMBER("direct_member"),
  INHERITED_MEMBER("inherited_member"),
  DOI("doi"),
  PUBLISHER_NAME("publisher_name");

  private final String key;

  Field(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Optional<Field> fromKey(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Field f : values()) {
      if (f.key.equals(lower)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
