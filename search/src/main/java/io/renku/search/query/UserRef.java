package io.renku.search.query;

/** A user named in a member term: {@code @username} or a user id. */
public sealed interface UserRef {

  String render();

  /** A user by namespace slug, written {@code @slug}; the slug is normalized as the original. */
  record Username(String slug) implements UserRef {
    public Username {
      if (slug == null || !slug.equals(Slugs.fromName(slug).orElse(null))) {
        throw new IllegalArgumentException("not a normalized slug: " + slug);
      }
    }

    @Override
    public String render() {
      return "@" + slug;
    }
  }

  /** A user by (Keycloak) id, written as is. */
  record UserId(String id) implements UserRef {
    public UserId {
      // an id starting with @ would read back as a username
      if (id == null || id.isEmpty() || id.startsWith("@")) {
        throw new IllegalArgumentException("not a user id: " + id);
      }
    }

    @Override
    public String render() {
      return Values.quote(id);
    }
  }
}
