package io.renku.search.query;

import java.util.Optional;

/** Visibility of an entity (users always count as public). */
public enum Visibility implements Keyed.Word {
  PUBLIC("public"),
  PRIVATE("private");

  private final String word;

  Visibility(String word) {
    this.word = word;
  }

  /** The word the query uses (rendered form). */
  @Override
  public String word() {
    return word;
  }

  /** The constant the word names, ignoring case. */
  public static Optional<Visibility> fromWord(String text) {
    return Keyed.lookup(Visibility.class, text);
  }
}
