package io.renku.search.query;

import java.util.Optional;

/**
 * A role of the caller on an entity, for {@code role:} terms (the original's "prohibited" is not a
 * role one searches for).
 */
public enum Role implements Keyed.Word {
  OWNER("owner"),
  EDITOR("editor"),
  VIEWER("viewer");

  private final String word;

  Role(String word) {
    this.word = word;
  }

  /** The word the query uses (rendered form). */
  @Override
  public String word() {
    return word;
  }

  /** The constant the word names, ignoring case. */
  public static Optional<Role> fromWord(String text) {
    return Keyed.lookup(Role.class, text);
  }
}
