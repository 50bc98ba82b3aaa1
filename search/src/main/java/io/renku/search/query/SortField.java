package io.renku.search.query;

import java.util.Optional;

/** The fields results can be sorted by. */
public enum SortField implements Keyed.Word {
  NAME("name"),
  CREATED("created"),
  SCORE("score");

  private final String word;

  SortField(String word) {
    this.word = word;
  }

  /** The word the query uses (rendered form). */
  @Override
  public String word() {
    return word;
  }

  /** The constant the word names, ignoring case. */
  public static Optional<SortField> fromWord(String text) {
    return Keyed.lookup(SortField.class, text);
  }
}
