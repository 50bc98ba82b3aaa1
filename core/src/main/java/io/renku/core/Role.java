package io.renku.core;

import java.util.Locale;

/** Membership roles on groups and projects, ordered from least to most powerful. */
public enum Role {
  VIEWER,
  EDITOR,
  OWNER;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Role other) {
    return compareTo(other) >= 0;
  }

  public static Role parse(String value) {
    for (Role r : values()) {
      if (r.value().equals(value)) {
        return r;
      }
    }
    throw RenkuException.validation("role", "must be one of owner, editor, viewer");
  }
}
