package io.renku.data.user;

import java.time.OffsetDateTime;

/** A registered user; {@code username} is the slug of the user's namespace. */
public record User(
    String id,
    String username,
    String email,
    String firstName,
    String lastName,
    OffsetDateTime creationDate) {

  /** The same user with the e-mail address hidden, for callers who may not see it. */
  public User withoutEmail() {
    return new User(id, username, null, firstName, lastName, creationDate);
  }
}
