package io.renku.data.user.sync;

/** A user as the identity provider's directory lists it; {@code id} is the token subject. */
public record DirectoryUser(
    String id, String username, String email, String firstName, String lastName, boolean enabled) {}
