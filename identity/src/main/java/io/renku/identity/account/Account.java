package io.renku.identity.account;

/**
 * A local account. {@code id} is the subject of the tokens issued for it (a UUID, as Keycloak's
 * user ids are), so the data service sees the same kind of user id in both modes. {@code
 * emailVerified}: whether the address is known to be its holder's (tokens say so in {@code
 * email_verified}); self sign-up leaves it unverified.
 */
public record Account(
    String id,
    String username,
    String email,
    boolean emailVerified,
    String firstName,
    String lastName,
    String passwordHash,
    boolean admin,
    boolean enabled) {

  public String fullName() {
    return (firstName + " " + lastName).strip();
  }
}
