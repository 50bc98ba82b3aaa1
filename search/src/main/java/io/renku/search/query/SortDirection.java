package io.renku.search.query;

import java.util.Optional;

/** Ascending or descending. */
public enum SortDirection implements Keyed.Word {
  ASC("asc"),
  DESC("desc");

  private final String word;

  SortDirection(String word) {
    this.word = word;
  }

  /** The word the query uses (rendered form). */
  @Override
  public String word() {
    return word;
  }

  /** The constant the word names, ignoring case. */
  public static Optional<SortDirection> fromWord(String text) {
    return Keyed.lookup(SortDirection.class, text);
  }
}
