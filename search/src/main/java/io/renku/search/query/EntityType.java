package io.renku.search.query;

import java.util.Optional;

/** The kinds of entities the search returns; the word is the original's {@code _type} value. */
public enum EntityType implements Keyed.Word {
  PROJECT("Project"),
  USER("User"),
  GROUP("Group"),
  DATA_CONNECTOR("DataConnector");

  private final String word;

  EntityType(String word) {
    this.word = word;
  }

  /** The word the query uses (rendered form). */
  @Override
  public String word() {
    return word;
  }

  /** The constant the word names, ignoring case. */
  public static Optional<EntityType> fromWord(String text) {
    return Keyed.lookup(EntityType.class, text);
  }
}
