package io.renku.data.support;

import java.util.UUID;

/** A user the test identity provider can mint tokens for; ids are unique per test run. */
public record TestUser(String id, String email, String firstName, String lastName, boolean admin) {
  public static TestUser random(String name) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return new TestUser(
        UUID.randomUUID().toString(),
        name + "." + suffix + "@example.org",
        capitalise(name),
        "Tester",
        false);
  }

  public static TestUser randomAdmin(String name) {
    TestUser u = random(name);
    return new TestUser(u.id(), u.email(), u.firstName(), u.lastName(), true);
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
