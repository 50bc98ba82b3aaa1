package io.renku.core;

import java.util.Locale;

/** Whether everyone (including anonymous visitors) can read an entity. */
public enum Visibility {
  PRIVATE,
  PUBLIC;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Visibility parse(String value) {
    for (Visibility v : values()) {
      if (v.value().equals(value)) {
        return v;
      }
    }
    throw RenkuException.validation("visibility", "must be one of private, public");
  }
}
