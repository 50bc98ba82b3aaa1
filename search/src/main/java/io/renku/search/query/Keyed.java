package io.renku.search.query;

import java.util.Locale;
import java.util.Optional;

/** Lookup of an enum constant by the word a query spells for it, ignoring case. */
final class Keyed {

  private Keyed() {}

  interface Word {
    String word();
  }

  static <E extends Enum<E> & Word> Optional<E> lookup(Class<E> type, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.word().toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
