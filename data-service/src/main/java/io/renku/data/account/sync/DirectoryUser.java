package io.renku.data.account.sync;

/**
 * A user as the identity provider's directory lists it; {@code id} is the token subject, {@code
 * emailVerified} whether the provider vouches for {@code email}.
 */
public record DirectoryUser(
    String id,
    String username,
    String email,
    boolean emailVerified,
    String firstName,
    String lastName,
    boolean enabled) {}
