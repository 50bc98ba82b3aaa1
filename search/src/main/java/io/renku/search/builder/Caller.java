package io.renku.search.builder;

/**
 * Who searches: decides the visibility filter every query gets. Anonymous callers see public
 * entities, a user public ones and those whose readers hold the user's id, an admin everything.
 */
public sealed interface Caller {

  /** Nobody signed in. */
  record Anonymous() implements Caller {}

  /** A signed-in user (Keycloak id). */
  record User(String id) implements Caller {
    public User {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("a user caller needs an id");
      }
    }
  }

  /**
   * A platform admin: no visibility filter; {@code role:} terms still mean the admin's own roles.
   */
  record Admin(String id) implements Caller {
    public Admin {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("an admin caller needs an id");
      }
    }
  }

  static Caller anonymous() {
    return new Anonymous();
  }

  static Caller user(String id) {
    return new User(id);
  }

  static Caller admin(String id) {
    return new Admin(id);
  }
}
